import Contracts
import GRDB
import Messaging
import Timekeeping
import WhistleConsoleDomain

/// Mediation's deliberation events (`deliberation.*`: opened, progressed, decided) applied to the deliberation board
/// in the consumer's transaction.
struct DeliberationBoardFollower: Sendable {
    let store: ConsoleStore
    let clock: any WallClock
    let feed: LiveFeed

    var subscriptions: [String] { [Topics.deliberation] }

    func register(_ handlers: inout EventHandlers) {
        let (store, clock, feed) = (store, clock, feed)
        handlers.on(DeliberationOpened.self) { db, received in
            try store.record(db, DeliberationBoard.opened(received.event, onto: try store.proposal(db, received.event.proposal), at: received.time ?? clock.now()))
            feed.announceAfterCommit(db)
        }
        handlers.on(DeliberationProgressed.self) { db, received in
            try store.record(db, DeliberationBoard.progressed(received.event, onto: try store.proposal(db, received.event.proposal),
                                                              at: received.time ?? clock.now()))
            feed.announceAfterCommit(db)
        }
        handlers.on(DeliberationDecided.self) { db, received in
            try store.record(db, DeliberationBoard.decided(received.event, onto: try store.proposal(db, received.event.proposal), at: received.time ?? clock.now()))
            feed.announceAfterCommit(db)
        }
    }
}
