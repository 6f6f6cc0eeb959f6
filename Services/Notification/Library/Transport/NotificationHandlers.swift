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
    var subscriptions: [String] { [Topics.caseReported, Topics.caseStatus, Topics.caseFollowed] }

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(CaseReported.self) { [store, announcer] db, received in
            if received.event.critical == true { try store.markCritical(db, caseID: received.event.caseID) }
            try queue(db, announcer.notice(for: received.event), received)
        }
        handlers.on(CaseFollowed.self) { [store, announcer, webhooks, clock] db, received in
            try store.follow(db, caseID: received.event.caseID, recipient: received.event.reporter)
            guard let notice = announcer.notice(for: received.event) else { return }
            let deliveries = DeliveryDesk.deliveries(of: notice, followers: [], webhooks: webhooks, critical: try store.isCritical(db, caseID: notice.caseID),
                                                     event: "\(received.source)#\(received.id)", now: clock.now())
            try store.record(db, deliveries)
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
        announce(CaseMediationProgressed.self, announcer.notice(for:), in: &handlers)
        return handlers
    }

    /// Queues what `notice` makes of each event of this type.
    private func announce<Event: EventContract>(_ type: Event.Type, _ notice: @escaping @Sendable (Event) -> Notice?,
                                                in handlers: inout EventHandlers) {
        handlers.on(type) { db, received in try queue(db, notice(received.event), received) }
    }

    /// Queues the notice to its recipient and to everyone who follows the case.
    private func queue<Event>(_ db: Database, _ notice: Notice?, _ received: Received<Event>) throws {
        guard let notice else { return }
        let deliveries = DeliveryDesk.deliveries(of: notice, followers: try store.followers(db, caseID: notice.caseID), webhooks: webhooks,
                                                 critical: try store.isCritical(db, caseID: notice.caseID),
                                                 event: "\(received.source)#\(received.id)", now: clock.now())
        try store.record(db, deliveries)
    }
}
