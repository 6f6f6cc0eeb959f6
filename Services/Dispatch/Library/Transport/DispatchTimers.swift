public import Foundation
import GRDB
public import Messaging

/// Dispatch's durable timers, fired the way every decision is taken: the store loads the due timers and
/// each one's case, the domain decides (`TimerDesk`), the store records it — all in one transaction, in
/// which each timer's row is also deleted, so a timer fires exactly once however often dispatch is killed
/// and restarted, and one due while dispatch was down fires at start.
public struct DispatchTimers: Sendable {
    let store: DispatchStore
    let rules: Governance

    public init(store: DispatchStore, rules: Governance) { (self.store, self.rules) = (store, rules) }

    /// Fires up to `limit` timers due at `now`, earliest first; a timer an earlier one in the batch made moot
    /// is skipped. Returns how many were taken.
    public func fire(at now: Date, limit: Int = 200) throws -> Int {
        try store.database.write { db in
            let due = try store.dueTimers(db, at: now, limit: limit)
            for timer in due where try store.claim(db, timer) {
                guard let file = try store.file(db, case: timer.caseID),
                      let decision = TimerDesk.fire(timer.plan, file: file, rules: rules, now: now) else { continue }
                try store.record(db, decision)
            }
            return due.count
        }
    }
}
