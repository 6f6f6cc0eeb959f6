import CityModel
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
    let addresses: Addressbook
    /// The city: whose duty officers hear a department's notices, and its clock for recipients' quiet hours.
    let city: City
    let clock: any WallClock
    /// Rung when a transaction that owes a delivery (by webhook, by e-mail) commits.
    let bell: DeliveryBell

    /// What notification listens to: reported cases, every case step, every holder's tasks (and a mediator's disputes),
    /// and proposals put to households.
    var subscriptions: [String] {
        [Topics.caseReported, Topics.caseStatus, Topics.caseFollowed, Topics.tasks, Topics.deliberationOpened, Topics.deliberationDecided,
         Topics.deliberationProgressed]
    }

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(CaseReported.self) { [store, announcer] db, received in
            if received.event.critical == true { try store.markCritical(db, caseID: received.event.caseID) }
            try queue(db, announcer.notice(for: received.event), received)
        }
        handlers.on(CaseFollowed.self) { [store, announcer] db, received in
            try store.follow(db, caseID: received.event.caseID, recipient: received.event.reporter)
            try queue(db, announcer.notice(for: received.event), received, withFollowers: false)
        }
        toHolder(TaskAssigned.self, announcer.notice(for:), change: announcer.openItem(for:), in: &handlers)
        toHolder(TaskReminded.self, announcer.notice(for:), change: OpenItemChange.of, in: &handlers)
        toHolder(TaskOverdue.self, announcer.notice(for:), change: OpenItemChange.of, in: &handlers)
        toHolder(TaskSupervisionOrdered.self, announcer.notice(for:), in: &handlers)
        toHolder(TaskWithdrawn.self, announcer.notice(for:), change: OpenItemChange.of, in: &handlers)
        toHolder(TaskSentBack.self, announcer.notice(for:), change: OpenItemChange.of, in: &handlers)
        toHolder(TaskReopened.self, announcer.notice(for:), change: OpenItemChange.of, in: &handlers)
        toHolder(MediationAssigned.self, announcer.notice(for:), in: &handlers)
        toHolder(MediationReminder.self, announcer.notice(for:), in: &handlers)
        toHolder(CaseReminded.self, announcer.notice(for:), in: &handlers)
        toHolder(CaseOverdue.self, announcer.notice(for:), in: &handlers)
        handlers.on(DeliberationOpened.self) { [store, announcer] db, received in
            try store.addAudience(db, proposal: received.event.proposal, recipients: received.event.representatives ?? [])
            try tell(db, announcer.notices(for: received.event), received)
        }
        handlers.on(DeliberationDecided.self) { [store, announcer] db, received in
            try tell(db, announcer.notices(for: received.event, audience: try store.audience(db, proposal: received.event.proposal)), received)
        }
        handlers.on(DeliberationProgressed.self) { [store, announcer] db, received in
            try tell(db, announcer.notices(for: received.event, audience: try store.audience(db, proposal: received.event.proposal)), received)
        }
        announce(CaseAssigned.self, announcer.notice(for:), in: &handlers)
        announce(CaseEscalated.self, announcer.notice(for:), in: &handlers)
        announce(CaseDispatched.self, announcer.notice(for:), in: &handlers)
        announce(CaseReassigned.self, announcer.notice(for:), in: &handlers)
        announce(CaseTaskStepped.self, announcer.notice(for:), change: OpenItemChange.of, in: &handlers)
        announce(CaseResolved.self, announcer.notice(for:), change: OpenItemChange.of, in: &handlers)
        announce(CaseVerified.self, announcer.notice(for:), in: &handlers)
        announce(CaseReopened.self, announcer.notice(for:), in: &handlers)
        announce(CaseClosed.self, announcer.notice(for:), change: OpenItemChange.of, in: &handlers)
        announce(CaseReferred.self, announcer.notice(for:), in: &handlers)
        announce(CaseMediating.self, announcer.notice(for:), in: &handlers)
        announce(CaseMediationEnded.self, announcer.notice(for:), in: &handlers)
        handlers.on(CaseMediationProgressed.self) { [announcer] db, received in
            for notice in announcer.notices(for: received.event) { try queue(db, notice, received) }
        }
        return handlers
    }

    /// Queues what `notice` makes of each event of this type, and records what it `change`s in the open tasks.
    private func announce<Event: EventContract>(_ type: Event.Type, _ notice: @escaping @Sendable (Event) -> Notice?,
                                                change: (@Sendable (Event) -> OpenItemChange?)? = nil, in handlers: inout EventHandlers) {
        handlers.on(type) { [store] db, received in
            if let change = change?(received.event) { try store.record(db, change) }
            try queue(db, notice(received.event), received)
        }
    }

    /// Queues what `notice` makes of each event of this type to the task's holder — and a department's duty officers on
    /// duty — not to the case's followers (critical when the case is); records what it `change`s in the holder's open tasks.
    private func toHolder<Event: EventContract>(_ type: Event.Type, _ notice: @escaping @Sendable (Event) -> Notice?,
                                                change: (@Sendable (Event) -> OpenItemChange?)? = nil, in handlers: inout EventHandlers) {
        handlers.on(type) { [store, city, clock] db, received in
            if let change = change?(received.event) { try store.record(db, change) }
            guard let notice = notice(received.event) else { return }
            try queue(db, notice, received, withFollowers: false, also: Audience.dutyOfficers(of: notice.recipient, city: city, at: clock.now()))
        }
    }

    /// Queues the notice about a case to its recipient and, `withFollowers`, to everyone who follows the case, and `also`
    /// to those (critical when the case is an emergency).
    private func queue<Event>(_ db: Database, _ notice: Notice?, _ received: Received<Event>, withFollowers: Bool = true, also: [String] = []) throws {
        guard let notice, let caseID = notice.caseID else { return }
        let followers = (withFollowers ? try store.followers(db, caseID: caseID) : []) + also
        let deliveries = DeliveryDesk.deliveries(of: notice, followers: followers, addresses: addresses,
                                                 preferences: try store.preferences(db, of: [notice.recipient] + followers), utcOffset: city.calendar.utcOffset,
                                                 critical: try store.isCritical(db, caseID: caseID), event: "\(received.source)#\(received.id)",
                                                 now: clock.now())
        try record(db, deliveries)
    }

    /// Queues notices about a proposal, each to its own recipient (never critical).
    private func tell<Event>(_ db: Database, _ notices: [Notice], _ received: Received<Event>) throws {
        let now = clock.now()
        let preferences = try store.preferences(db, of: notices.map(\.recipient))
        try record(db, notices.flatMap {
            DeliveryDesk.deliveries(of: $0, followers: [], addresses: addresses, preferences: preferences, utcOffset: city.calendar.utcOffset, critical: false,
                                    event: "\(received.source)#\(received.id)", now: now)
        })
    }

    /// Keeps the deliveries in the consumer's transaction; once it commits, the deliverer is woken for those owed.
    private func record(_ db: Database, _ deliveries: [Delivery]) throws {
        try store.record(db, deliveries)
        if deliveries.contains(where: { $0.state == .pending }) {
            db.afterNextTransaction(onCommit: { [bell] _ in bell.ring() })
        }
    }
}
