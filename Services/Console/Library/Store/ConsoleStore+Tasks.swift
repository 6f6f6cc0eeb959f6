public import Contracts
import GRDB
public import Messaging
import StoreKit
public import WhistleConsoleDomain

extension ServiceStore where Schema == ConsoleSchema {
    func boardTask(_ db: Database, _ taskID: String) throws -> BoardTask? {
        try BoardTaskRecord.fetchOne(db, key: taskID)?.task
    }

    func record(_ db: Database, _ task: BoardTask) throws {
        var row = BoardTaskRecord(task)
        try row.insert(db, onConflict: .replace)
    }

    /// A task, read on its own.
    public func task(_ taskID: String) throws -> BoardTask? {
        try database.read { db in try boardTask(db, taskID) }
    }

    /// A case's tasks, in the order they were given.
    public func tasks(caseID: String) throws -> [BoardTask] {
        try database.read { db in
            try BoardTaskRecord.filter(BoardTaskRecord.Columns.caseID == caseID).order(SQL("rowid")).fetchAll(db).map(\.task)
        }
    }

    /// Open tasks the viewer sees that show a yellow or red light: red first, then the soonest due; at most `limit`.
    public func lateTasks(for viewer: Viewer, limit: Int) throws -> [BoardTask] {
        try database.read { db in
            let request = BoardTaskRecord.filter(BoardTaskRecord.Columns.open == true
                                                     && [Light.yellow.rawValue, Light.red.rawValue].contains(BoardTaskRecord.Columns.light))
                .filter(Self.scope(viewer.scope, street: BoardTaskRecord.Columns.street, community: BoardTaskRecord.Columns.community,
                                   grid: BoardTaskRecord.Columns.grid) { BoardTaskRecord.Columns.department == $0 })
            return try request.order(SQL("light = 'red' DESC"), BoardTaskRecord.Columns.handleBy).limit(limit).fetchAll(db).map(\.task)
        }
    }
}
