public import Contracts
import Foundation
import GRDB
import Logging
public import Messaging
import StoreKit

/// Dispatch's own SQLite file: the cases it took, their department tasks, every step of their history,
/// events waiting for their case, the command journal, its outbox (tasks and status steps) and its inbox
/// offsets. Decisions are made by the domain; this records each one in the caller's transaction.
public enum DispatchSchema: StoreSchema {
    public static let service = "dispatch"
    public static let tables: ServiceStoreTables = [.inbox, .commands]
    // Its migrations: DispatchStore+Migrations.swift.
}

public typealias DispatchStore = ServiceStore<DispatchSchema>

extension ServiceStore where Schema == DispatchSchema {

    /// The case file, with its tasks.
    func file(_ db: Database, case caseID: String) throws -> CaseFile? {
        guard let record = try CaseRecord.fetchOne(db, key: caseID) else { return nil }
        let tasks = try TaskRecord.filter(TaskRecord.Columns.caseID == caseID).order(TaskRecord.Columns.createdAt, TaskRecord.Columns.taskID).fetchAll(db)
        return record.file(tasks: tasks)
    }

    /// The case file a task belongs to.
    func file(_ db: Database, task taskID: String) throws -> CaseFile? {
        guard let task = try TaskRecord.fetchOne(db, key: taskID) else { return nil }
        return try file(db, case: task.caseID)
    }

    /// Records a decision: the case and its tasks as they now are, its new history steps, its events.
    func record(_ db: Database, _ decision: DispatchDecision) throws {
        var record = CaseRecord(decision.file)
        try record.save(db)
        for task in decision.file.tasks {
            var row = TaskRecord(task, caseID: decision.file.caseID)
            try row.save(db)
        }
        for entry in decision.history {
            var row = HistoryRecord(entry, caseID: decision.file.caseID)
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

    /// A case as `GET /cases/<id>` and `whistle case` show it, or nil.
    public func view(of caseID: String) throws -> CaseView? {
        try database.read { db in
            guard let record = try CaseRecord.fetchOne(db, key: caseID), let file = try file(db, case: caseID) else { return nil }
            let history = try HistoryRecord.filter(HistoryRecord.Columns.caseID == caseID).order(HistoryRecord.Columns.step).fetchAll(db)
            return CaseView(
                caseID: caseID, category: record.category, level: record.level, priority: record.priority, location: file.location,
                description: record.description, reporter: record.reporter, status: record.status, createdAt: record.createdAt,
                updatedAt: record.updatedAt,
                tasks: file.tasks.sorted { ($0.role == .lead ? 0 : 1, $0.task) < ($1.role == .lead ? 0 : 1, $1.task) },
                history: history.map(\.entry))
        }
    }

    /// The state of one task, for tests and tools.
    public func state(ofTask taskID: String) throws -> TaskState? {
        try database.read { db in try TaskRecord.fetchOne(db, key: taskID)?.state }
    }
}
