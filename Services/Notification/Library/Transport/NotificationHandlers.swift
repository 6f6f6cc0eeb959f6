import Contracts
import Foundation
import GRDB
import Messaging
import Timekeeping

/// The events notification consumes, each turned into the notices it means, queued in the consumer's
/// transaction (so an event makes its deliveries exactly once).
struct NotificationHandlers: Sendable {
    let store: NotificationStore
    let announcer: Announcer
    let webhooks: [String: String]
    let clock: any WallClock

    /// What notification listens to: reported cases and every case step.
    var subscriptions: [String] { [Topics.caseReported, Topics.caseStatus] }

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(CaseReported.self) { db, received in try queue(db, announcer.notice(for: received.event), received) }
        handlers.on(CaseDispatched.self) { db, received in try queue(db, announcer.notice(for: received.event), received) }
        handlers.on(CaseTaskStepped.self) { db, received in try queue(db, announcer.notice(for: received.event), received) }
        handlers.on(CaseReferred.self) { db, received in try queue(db, announcer.notice(for: received.event), received) }
        handlers.on(CaseMediating.self) { db, received in try queue(db, announcer.notice(for: received.event), received) }
        handlers.on(CaseMediationEnded.self) { db, received in try queue(db, announcer.notice(for: received.event), received) }
        return handlers
    }

    private func queue<Event>(_ db: Database, _ notice: Notice?, _ received: Received<Event>) throws {
        guard let notice else { return }
        try store.enqueue(db, notice, event: "\(received.source)#\(received.id)", webhook: webhooks[notice.recipient], now: clock.now())
    }
}
