import Contracts
public import Foundation
package import GRDB
public import Messaging

extension ServiceStore where Schema == DispatchSchema {
    /// Deletes the stored timers a decision made moot (as the domain says which: `TimerCancellation.covers`).
    func cancel(_ db: Database, _ cancellations: [TimerCancellation], caseID: String) throws {
        guard !cancellations.isEmpty else { return }
        let stored = try TimerRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM dispatch_timer WHERE case_id = ?"), arguments: [caseID])
        for timer in stored where cancellations.contains(where: { $0.covers(timer.plan) }) { try timer.delete(db) }
    }

    /// Up to `limit` timers due at `now`, earliest first.
    package func dueTimers(_ db: Database, at now: Date, limit: Int) throws -> [DueTimer] {
        try TimerRecord.filter(TimerRecord.Columns.dueAt <= now.timeIntervalSince1970)
            .order(TimerRecord.Columns.dueAt, TimerRecord.Columns.id).limit(limit).fetchAll(db)
            .compactMap { record in record.id.map { DueTimer(id: $0, caseID: record.caseID, plan: record.plan) } }
    }

    /// Takes a due timer out of the store, in the transaction that records what it decides: false when an
    /// earlier decision of the same batch made it moot (its row is gone already).
    package func claim(_ db: Database, _ timer: DueTimer) throws -> Bool {
        var record = TimerRecord(timer.plan, caseID: timer.caseID)
        record.id = timer.id
        return try record.delete(db)
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

/// A timer that fell due: its row, its case, what it was set for.
public struct DueTimer: Sendable, Equatable {
    public let id: Int64
    public let caseID: String
    public let plan: TimerPlan
}
