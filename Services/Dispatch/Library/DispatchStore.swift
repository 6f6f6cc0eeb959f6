public import GRDB
public import Logging
public import Messaging
public import StoreKit
public import CityModel
import Foundation

/// Dispatch's own SQLite file: the cases it took, the department tasks it made, every step of their
/// history, plus its outbox (tasks and status events) and inbox (offsets of the cases it consumed).
public final class DispatchStore: Sendable {
    public let database: any DatabaseWriter
    public let outbox: Outbox
    let city: City
    let acknowledgeWithin: TimeInterval

    public init(_ location: StoreLocation, producer: String, city: City, acknowledgeMinutes: Double, logger: Logger) throws {
        var migrator = DatabaseMigrator()
        Outbox.registerMigrations(in: &migrator)
        Inbox.registerMigrations(in: &migrator)
        migrator.registerMigration("dispatch-v1") { db in
            try db.execute(sql: """
                CREATE TABLE dispatch_case (
                    case_id TEXT PRIMARY KEY,
                    category TEXT NOT NULL, level TEXT NOT NULL, priority TEXT NOT NULL,
                    street TEXT NOT NULL, community TEXT NOT NULL, grid TEXT NOT NULL,
                    description TEXT NOT NULL, reporter TEXT,
                    status TEXT NOT NULL,
                    created_at REAL NOT NULL, updated_at REAL NOT NULL
                );
                CREATE TABLE dispatch_task (
                    task_id TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES dispatch_case (case_id),
                    department TEXT NOT NULL,
                    role TEXT NOT NULL,
                    state TEXT NOT NULL,
                    acknowledge_by REAL NOT NULL,
                    created_at REAL NOT NULL, updated_at REAL NOT NULL
                );
                CREATE INDEX dispatch_task_case ON dispatch_task (case_id);
                CREATE TABLE dispatch_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id TEXT NOT NULL, task_id TEXT, department TEXT,
                    action TEXT NOT NULL, note TEXT, at REAL NOT NULL
                );
                """)
        }
        database = try StoreDatabase.open(location, durability: .full, migrator: migrator, logger: logger)
        outbox = try Outbox(producer: producer)
        self.city = city
        acknowledgeWithin = acknowledgeMinutes * 60
    }

    /// A case and its history, for `whistle case <id>` and tests.
    public func history(of caseID: String) throws -> [(action: String, department: String?, task: String?)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT action, department, task_id FROM dispatch_history WHERE case_id = ? ORDER BY id",
                             arguments: [caseID]).map { ($0[0], $0[1], $0[2]) }
        }
    }

    public func state(ofTask task: String) throws -> TaskState? {
        try database.read { db in
            try String.fetchOne(db, sql: "SELECT state FROM dispatch_task WHERE task_id = ?", arguments: [task]).flatMap(TaskState.init)
        }
    }

    /// Records a step and publishes it on `status.case.<street>.<community>.<grid>`.
    func record(_ db: Database, caseID: String, action: String, task: String? = nil, department: String? = nil,
                note: String? = nil, extra: [String: JSONValue] = [:], now: Date) throws {
        try db.execute(
            sql: "INSERT INTO dispatch_history (case_id, task_id, department, action, note, at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [caseID, task, department, action, note, now.timeIntervalSince1970])
        let step = db.lastInsertedRowID
        guard let row = try Row.fetchOne(db, sql: "SELECT street, community, grid, status, reporter, category FROM dispatch_case WHERE case_id = ?",
                                         arguments: [caseID]) else { return }
        var data: [String: JSONValue] = ["case": .string(caseID), "action": .string(action), "status": .string(row["status"]),
                                         "category": .string(row["category"])]
        data["task"] = task.map(JSONValue.string)
        data["department"] = department.map(JSONValue.string)
        data["note"] = note.map(JSONValue.string)
        data["reporter"] = (row["reporter"] as String?).map(JSONValue.string)
        let area = Area(street: row["street"], community: row["community"], grid: row["grid"])
        try outbox.append(
            db, topic: try Topic(["status", "case"], area: area).name,
            event: CloudEvent(id: "\(caseID)-s\(step)", source: "/whistle/dispatch/\(outbox.producer)", type: "whistle.case.\(action)",
                              time: now, subject: caseID, data: .object(data.merging(extra) { $1 })))
    }
}
