import CityModel
import Contracts
import GRDB
import Messaging
import Timekeeping
import WhistleConsoleDomain

/// Mediation's own events (`mediation.*`: opened, escalated, progressed, concluded) applied to the mediation board in
/// the consumer's transaction, as the case board's are.
struct MediationBoardFollower: Sendable {
    let store: ConsoleStore
    let city: City
    let clock: any WallClock
    let feed: LiveFeed

    var subscriptions: [String] { [Topics.mediation] }

    func register(_ handlers: inout EventHandlers) {
        let (store, city, clock, feed) = (store, city, clock, feed)
        handlers.on(MediationOpened.self) { db, received in
            try store.record(db, MediationBoard.opened(received.event, city: city, at: received.time ?? clock.now()))
            feed.announceAfterCommit(db)
        }
        handlers.on(MediationEscalated.self) { db, received in
            try store.record(db, MediationBoard.escalated(received.event, onto: try store.mediation(db, received.event.mediation), at: received.time ?? clock.now()))
            feed.announceAfterCommit(db)
        }
        handlers.on(MediationProgressed.self) { db, received in
            try store.record(db, MediationBoard.progressed(received.event, onto: try store.mediation(db, received.event.mediation), at: received.time ?? clock.now()))
            feed.announceAfterCommit(db)
        }
        handlers.on(MediationConcluded.self) { db, received in
            try store.record(db, MediationBoard.concluded(received.event, onto: try store.mediation(db, received.event.mediation), at: received.time ?? clock.now()))
            feed.announceAfterCommit(db)
        }
    }
}
