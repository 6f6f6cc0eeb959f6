import Contracts
public import Foundation
package import GRDB
public import Messaging

extension ServiceStore where Schema == DispatchSchema {
    /// Deletes the stored timers a decision made moot.
    func cancel(_ db: Database, _ cancellation: TimerCancellation, caseID: String) throws {
        let columns = TimerRecord.Columns.self
        let ofCase = TimerRecord.filter(columns.caseID == caseID)
        let moot = switch cancellation {
        case .all: ofCase
        case .rating: ofCase.filter(columns.kind == TimerPlan.Kind.rating.rawValue)
        case .order(let order): ofCase.filter(columns.orderID == order)
        case .task(let task, nil): ofCase.filter(columns.taskID == task)
        case .task(let task, let stage?): ofCase.filter(columns.taskID == task && columns.stage == stage.rawValue)
        }
        try moot.deleteAll(db)
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
        try TimerRecord.deleteOne(db, key: timer.id)
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
