public import Contracts
public import Foundation

/// A stats report as a spreadsheet: one row per department or area and the total, every count and
/// rate a column, the cases closed unfixable and invalid, then the settled cases per rung and their
/// shares last. It holds no times (the period is in the command line that made it).
public struct StatsSheet {
    public let report: StatsReport
    public static let levels = HandlingLevel.allCases.map(\.rawValue)

    public init(_ report: StatsReport) { self.report = report }

    public var header: [String] {
        ["key", "name", "cases", "tasks", "acknowledgedOnTime", "acknowledgedLate", "acknowledgedOnTimePercent", "completedOnTime",
         "completedLate", "completedOnTimePercent", "overdue", "returns", "rework", "supervisionOrders", "supervisionOverdue", "rated",
         "satisfied", "satisfactionPercent", "averageHandlingWorkingHours", "unfixable", "invalid"]
            + Self.levels.map { "settled.\($0)" } + Self.levels.map { "settledPercent.\($0)" }
    }

    public func fields(_ row: StatsRow) -> [String] {
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        let counts = [row.tasks, row.acknowledgedOnTime, row.acknowledgedLate]
        return [row.key, row.name, row.cases.map(String.init) ?? ""] + counts.map(String.init) + [number(row.acknowledgedOnTimePercent)]
            + [row.completedOnTime, row.completedLate].map(String.init) + [number(row.completedOnTimePercent)]
            + [row.overdue, row.returns, row.rework, row.supervisionOrders, row.supervisionOverdue, row.rated, row.satisfied].map(String.init)
            + [number(row.satisfactionPercent), row.averageHandlingWorkingHours.map { String(format: "%.2f", $0) } ?? ""]
            + [row.unfixable, row.invalid].map { $0.map(String.init) ?? "" }
            + Self.levels.map { level in row.settledByLevel.map { String($0[level] ?? 0) } ?? "" }
            + Self.levels.map { level in row.settledPercent.map { number($0[level] ?? 0) } ?? "" }
    }

    public func csv() throws -> Data { try Spreadsheet.csv(header, (report.rows + [report.total]).map(fields)) }
}
