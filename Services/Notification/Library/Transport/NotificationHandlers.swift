import Contracts
import Envelope
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
        handlers.on(CaseReported.self) { [store, announcer] db, received in
            if received.event.critical == true { try store.markCritical(db, caseID: received.event.caseID) }
            try queue(db, announcer.notice(for: received.event), received)
        }
        announce(CaseAssigned.self, announcer.notice(for:), in: &handlers)
        announce(CaseEscalated.self, announcer.notice(for:), in: &handlers)
        announce(CaseDispatched.self, announcer.notice(for:), in: &handlers)
        announce(CaseReassigned.self, announcer.notice(for:), in: &handlers)
        announce(CaseTaskStepped.self, announcer.notice(for:), in: &handlers)
        announce(CaseResolved.self, announcer.notice(for:), in: &handlers)
        announce(CaseVerified.self, announcer.notice(for:), in: &handlers)
        announce(CaseReopened.self, announcer.notice(for:), in: &handlers)
        announce(CaseClosed.self, announcer.notice(for:), in: &handlers)
        announce(CaseReferred.self, announcer.notice(for:), in: &handlers)
        announce(CaseMediating.self, announcer.notice(for:), in: &handlers)
        announce(CaseMediationEnded.self, announcer.notice(for:), in: &handlers)
        return handlers
    }

    /// Queues what `notice` makes of each event of this type.
    private func announce<Event: EventContract>(_ type: Event.Type, _ notice: @escaping @Sendable (Event) -> Notice?,
                                                in handlers: inout EventHandlers) {
        handlers.on(type) { db, received in try queue(db, notice(received.event), received) }
    }

    private func queue<Event>(_ db: Database, _ notice: Notice?, _ received: Received<Event>) throws {
        guard let notice else { return }
        try store.enqueue(db, notice, event: "\(received.source)#\(received.id)", webhook: webhooks[notice.recipient], now: clock.now())
    }
}
