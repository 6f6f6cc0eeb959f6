public import Contracts
import Foundation
package import GRDB
public import Messaging
import StoreKit

extension ServiceStore where Schema == DispatchSchema {
    /// The case file: its tasks, supervision orders and latest rating (cached statements: this runs for
    /// every command and every timer).
    package func file(_ db: Database, case caseID: String) throws -> CaseFile? {
        let arguments: StatementArguments = [caseID]
        guard let record = try CaseRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM dispatch_case WHERE case_id = ?"), arguments: arguments)
        else { return nil }
        let tasks = try TaskRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM dispatch_task WHERE case_id = ? ORDER BY created_at, task_id"), arguments: arguments)
        let orders = try OrderRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM dispatch_order WHERE case_id = ? ORDER BY created_at, order_id"), arguments: arguments)
        let rating = try RatingRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM dispatch_rating WHERE case_id = ? ORDER BY round DESC LIMIT 1"), arguments: arguments)
        return try record.file(tasks: tasks, orders: orders, rating: rating)
    }

    /// The case file a task belongs to.
    func file(_ db: Database, task taskID: String) throws -> CaseFile? {
        guard let caseID = try String.fetchOne(db.cachedStatement(sql: "SELECT case_id FROM dispatch_task WHERE task_id = ?"), arguments: [taskID])
        else { return nil }
        return try file(db, case: caseID)
    }

    /// Records a decision: the case as it now is and what of its tasks, orders and rating changed, its
    /// new history steps, its events; the timers it made moot are deleted before the ones it set are added.
    package func record(_ db: Database, _ decision: DispatchDecision) throws {
        let (file, before) = (decision.file, decision.before)
        if before.steps == 0 {
            var record = try CaseRecord(file)
            try record.insert(db)
        } else {
            try CaseMoves(file).update(db)
        }
        for task in file.tasks where before.task(task.task) != task {
            var row = TaskRecord(task, caseID: file.caseID)
            try row.save(db)
        }
        for order in file.orders where !before.orders.contains(order) {
            var row = OrderRecord(order, caseID: file.caseID)
            try row.save(db)
        }
        if let rating = file.rating, rating != before.rating {
            var row = RatingRecord(rating, caseID: file.caseID)
            try row.save(db)
        }
        for entry in decision.history {
            var row = HistoryRecord(entry, caseID: file.caseID)
            try row.insert(db)
        }
        try cancel(db, decision.cancellations, caseID: file.caseID)
        for plan in decision.timers {
            var row = TimerRecord(plan, caseID: file.caseID)
            try row.insert(db)
        }
        try outbox.append(db, decision.emissions, time: decision.now)
    }

    /// Keeps an event about a case not here yet.
    func postpone(_ db: Database, caseID: String, type: String, data: Data, at time: Date) throws {
        var row = DeferredEventRecord(caseID: caseID, type: type, data: data, receivedAt: time)
        try row.insert(db)
    }

    /// Takes the events that waited for this case, oldest first.
    func takeDeferred(_ db: Database, caseID: String) throws -> [(type: String, data: Data)] {
        let rows = try DeferredEventRecord.filter(DeferredEventRecord.Columns.caseID == caseID).order(DeferredEventRecord.Columns.id).fetchAll(db)
        try DeferredEventRecord.filter(DeferredEventRecord.Columns.caseID == caseID).deleteAll(db)
        return rows.map { ($0.type, $0.data) }
    }

    /// The state of one task, for tests and tools.
    public func state(ofTask taskID: String) throws -> TaskState? {
        try database.read { db in try TaskRecord.fetchOne(db, key: taskID)?.state }
    }
}

/// Dispatch's own SQLite file: the cases it took, their tasks, supervision orders, ratings and durable
/// timers, every step of their history, events waiting for their case, the command journal, its outbox
/// (tasks and status steps) and its inbox offsets. Decisions are made by the domain; this records each one in the caller's transaction.
extension ServiceStore where Schema == DispatchSchema {
    /// Cases not closed, by street: what this store alone can carry on.
    package func openCasesByStreet() throws -> [String: Int] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT street, COUNT(*) AS open FROM dispatch_case WHERE status <> 'closed' GROUP BY street")
                .reduce(into: [:]) { $0[$1["street"] as String] = $1["open"] as Int }
        }
    }
}

public enum DispatchSchema: StoreSchema {
    public static let service = "dispatch"
    public static let tables: ServiceStoreTables = [.inbox, .commands, .streets]
}

public typealias DispatchStore = ServiceStore<DispatchSchema>
