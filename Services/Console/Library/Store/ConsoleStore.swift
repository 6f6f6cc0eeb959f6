import CityModel
public import Contracts
public import Foundation
public import GRDB
public import Messaging
import StoreKit
public import WhistleConsoleDomain

/// The console's own SQLite file: its read model of the cases (a row each and their timelines), the
/// inbox offsets of the events it applied, and the staff's sessions. It decides nothing.
public enum ConsoleSchema: StoreSchema {
    public static let service = "console"
    public static let tables: ServiceStoreTables = [.inbox]
}

public typealias ConsoleStore = ServiceStore<ConsoleSchema>

extension ServiceStore where Schema == ConsoleSchema {
    /// The case's row, if the console heard of it.
    func boardCase(_ db: Database, _ caseID: String) throws -> BoardCase? {
        try BoardCaseRecord.fetchOne(db, key: caseID)?.board
    }

    /// The case's row, read on its own.
    public func boardCase(_ caseID: String) throws -> BoardCase? {
        try database.read { db in try boardCase(db, caseID) }
    }

    /// Keeps a change: the case's row as it now stands and its timeline's new line.
    func record(_ db: Database, _ change: CaseBoard.Change) throws {
        var row = BoardCaseRecord(change.row)
        try row.insert(db, onConflict: .replace)
        var step = BoardStepRecord(change.step)
        try step.insert(db)
    }

    /// Keeps a case's row as it now stands (a task given: no timeline line).
    func record(_ db: Database, _ row: BoardCase) throws {
        var record = BoardCaseRecord(row)
        try record.insert(db, onConflict: .replace)
    }

    /// Who was given the case's tasks the console heard of, in the order they were.
    func holders(_ db: Database, caseID: String) throws -> [String] {
        var seen: [String] = []
        for holder in try String.fetchAll(db, BoardTaskRecord.filter(BoardTaskRecord.Columns.caseID == caseID).select(BoardTaskRecord.Columns.holder)
                                            .order(SQL("rowid"))) where !seen.contains(holder) { seen.append(holder) }
        return seen
    }

    /// Keeps changes in one transaction (a board filled at once: the benchmark's 10,000 open cases).
    public func record(_ changes: [CaseBoard.Change]) throws {
        try database.write { db in for change in changes { try record(db, change) } }
    }

    /// The case and its timeline, oldest line first.
    public func caseFile(_ caseID: String) throws -> (BoardCase, [BoardStep])? {
        try database.read { db in
            guard let row = try BoardCaseRecord.fetchOne(db, key: caseID) else { return nil }
            let steps = try BoardStepRecord.filter(BoardStepRecord.Columns.caseID == caseID).order(BoardStepRecord.Columns.id).fetchAll(db)
            return (row.board, steps.map(\.step))
        }
    }

    /// The cases the viewer sees that pass the filter, most recently moved first, at most `limit`.
    public func cases(for viewer: Viewer, filter: CaseFilter, limit: Int) throws -> [BoardCase] {
        try database.read { db in
            var request = Self.visible(to: viewer)
            if filter.openOnly { request = request.filter(BoardCaseRecord.Columns.open == true) }
            if let area = filter.area {
                request = request.filter(BoardCaseRecord.Columns.street == area || BoardCaseRecord.Columns.community == area
                                             || BoardCaseRecord.Columns.grid == area)
            }
            if let category = filter.category { request = request.filter(BoardCaseRecord.Columns.category == category) }
            if let department = filter.department { request = request.filter(SQL("instr(holders, \(#""\#(department)""#)) > 0")) }
            if let level = filter.level { request = request.filter(BoardCaseRecord.Columns.level == level.rawValue) }
            if let light = filter.light { request = request.filter(BoardCaseRecord.Columns.light == light.rawValue) }
            if let status = filter.status { request = request.filter(BoardCaseRecord.Columns.status == status.rawValue) }
            return try request.order(BoardCaseRecord.Columns.updatedAt.desc).limit(limit).fetchAll(db).map(\.board)
        }
    }

    /// Each grid's open cases the viewer sees and their worst light.
    /// Each grid's open cases the viewer sees, their worst light, and how many are a device's alarm, a welfare check
    /// (category `welfare`) or a silent device's maintenance (category `maintenance`).
    public func shades(for viewer: Viewer, welfare: String? = nil, maintenance: String? = nil) throws -> [String: CityMap.Shade] {
        try database.read { db in
            let (care, upkeep) = (welfare ?? "", maintenance ?? "")
            let rows = try Row.fetchAll(db, Self.visible(to: viewer).filter(BoardCaseRecord.Columns.open == true)
                .select(BoardCaseRecord.Columns.grid, BoardCaseRecord.Columns.light, count(SQL("*")).forKey("n"),
                        SQL("sum(device IS NOT NULL AND category NOT IN (\(care), \(upkeep)))").forKey("alarms"),
                        SQL("sum(category = \(care))").forKey("welfare"), SQL("sum(category = \(upkeep))").forKey("maintenance"))
                .group(BoardCaseRecord.Columns.grid, BoardCaseRecord.Columns.light))
            var shades: [String: CityMap.Shade] = [:]
            for row in rows {
                let (grid, light, count): (String, Light, Int) = (row["grid"], Light(rawValue: row["light"]) ?? .green, row["n"])
                let known = shades[grid]
                shades[grid] = CityMap.Shade(openCases: (known?.openCases ?? 0) + count, light: max(known?.light ?? .green, light),
                                             alarms: (known?.alarms ?? 0) + row["alarms"], welfare: (known?.welfare ?? 0) + row["welfare"],
                                             maintenance: (known?.maintenance ?? 0) + row["maintenance"])
            }
            return shades
        }
    }

    /// The open cases a sensor or gate raised in the viewer's area, most recent first, at most `limit`.
    public func deviceCases(for viewer: Viewer, limit: Int) throws -> [BoardCase] {
        try database.read { db in
            try Self.visible(to: viewer).filter(BoardCaseRecord.Columns.open == true && BoardCaseRecord.Columns.device != nil)
                .order(BoardCaseRecord.Columns.reportedAt.desc).limit(limit).fetchAll(db).map(\.board)
        }
    }

    /// The rows a viewer may see, before any filter: an area's by its code, a department's by its tasks.
    static func visible(to viewer: Viewer) -> QueryInterfaceRequest<BoardCaseRecord> {
        BoardCaseRecord.filter(scope(viewer.scope, street: BoardCaseRecord.Columns.street, community: BoardCaseRecord.Columns.community,
                                     grid: BoardCaseRecord.Columns.grid) { SQL("instr(holders, \(#""\#($0)""#)) > 0") })
    }

    /// A viewer's scope as a condition on a table's location columns; `department` the condition for a department's own.
    static func scope(_ scope: Viewer.Scope, street: some SQLExpressible, community: some SQLExpressible, grid: some SQLExpressible,
                      department: (String) -> any SQLExpressible) -> SQLExpression {
        switch scope {
        case .everything: true.sqlExpression
        case .nothing: false.sqlExpression
        case .street(let code): street.sqlExpression == code
        case .community(let code): community.sqlExpression == code
        case .grid(let code): grid.sqlExpression == code
        case .department(let code): department(code).sqlExpression
        }
    }
}
