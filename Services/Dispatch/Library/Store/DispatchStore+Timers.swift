import Contracts
public import Foundation
import GRDB
public import Messaging

extension ServiceStore where Schema == DispatchSchema {
    /// Deletes the stored timers a decision made moot.
    func cancel(_ db: Database, _ cancellation: TimerCancellation, caseID: String) throws {
        let ofCase = "DELETE FROM dispatch_timer WHERE case_id = ?"
        let (sql, arguments): (String, StatementArguments) = switch cancellation {
        case .all: (ofCase, [caseID])
        case .rating: (ofCase + " AND kind = ?", [caseID, TimerPlan.Kind.rating.rawValue])
        case .order(let order): (ofCase + " AND order_id = ?", [caseID, order])
        case .task(let task, nil): (ofCase + " AND task_id = ?", [caseID, task])
        case .task(let task, let stage?): (ofCase + " AND task_id = ? AND stage = ?", [caseID, task, stage.rawValue])
        }
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// Fires up to `limit` timers due at `now`, earliest first, in one transaction: each timer's row is
    /// deleted in the transaction that records what it decided, so a timer fires exactly once however
    /// often dispatch is killed and restarted, and one due while dispatch was down fires at start. A
    /// timer an earlier one in the batch made moot is skipped. Returns how many were taken.
    public func fireDueTimers(at now: Date, rules: Governance, limit: Int = 200) throws -> Int {
        try database.write { db in
            let due = try TimerRecord.filter(TimerRecord.Columns.dueAt <= now.timeIntervalSince1970)
                .order(TimerRecord.Columns.dueAt, TimerRecord.Columns.id).limit(limit).fetchAll(db)
            let delete = try db.cachedStatement(sql: "DELETE FROM dispatch_timer WHERE id = ?")
            for timer in due {
                guard let id = timer.id else { continue }
                try delete.execute(arguments: [id])
                guard db.changesCount == 1 else { continue }
                guard let file = try file(db, case: timer.caseID),
                      let decision = TimerDesk.fire(timer.plan, file: file, rules: rules, now: now) else { continue }
                try record(db, decision)
            }
            return due.count
        }
    }

    /// The earliest time a stored timer is due, if any.
    public func nextTimerDue() throws -> Date? {
        try database.read { db in
            try TimerRecord.order(TimerRecord.Columns.dueAt).fetchOne(db)?.dueAt
        }
    }

    /// The timers stored for a case, earliest first (for tests and tools).
    public func timers(ofCase caseID: String) throws -> [TimerPlan] {
        try database.read { db in
            try TimerRecord.filter(TimerRecord.Columns.caseID == caseID).order(TimerRecord.Columns.dueAt, TimerRecord.Columns.id).fetchAll(db).map(\.plan)
        }
    }
}
