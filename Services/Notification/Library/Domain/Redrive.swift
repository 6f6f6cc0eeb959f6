public import Contracts
public import Foundation

/// A delivery as the domain decides about it: which, on which channel, how it stands, what it is about.
public struct DeliveryStanding: Sendable, Equatable {
    public var id: Int64
    public var channel: DeliveryChannel
    public var state: DeliveryState
    public var attempts: Int
    public var subject: NoticeSubject

    public init(id: Int64, channel: DeliveryChannel, state: DeliveryState, attempts: Int, subject: NoticeSubject) {
        (self.id, self.channel, self.state, self.attempts, self.subject) = (id, channel, state, attempts, subject)
    }
}

/// A failed delivery sent again once: owed at `nextAttemptAt`, given up after `lastAttempt` whatever the answer.
public struct Redrive: Sendable, Equatable {
    public var delivery: Int64
    public var lastAttempt: Int
    public var nextAttemptAt: Date
    public var reply: CommandReply
}

extension DeliveryDesk {
    /// `redrive`: a failed delivery gets one more attempt, now; it keeps its id (`webhook-id`, `Message-ID`) and its
    /// attempt log. Only a failed one (a pending one is being tried, a delivered one arrived; the inbox is never failed).
    public static func redrive(_ command: NotificationCommand, _ delivery: DeliveryStanding?, now: Date) throws(Refused) -> Redrive {
        guard let id = command.delivery else { throw Refused(.missingDetail, "redrive needs 'delivery'") }
        guard let delivery else { throw Refused(.unknownDelivery, "no delivery '\(id.prefix(40))' in notification's store") }
        guard delivery.state == .failed else {
            throw Refused(.invalidTransition, "delivery \(delivery.id) is \(delivery.state.rawValue); only a failed delivery is sent again")
        }
        return Redrive(delivery: delivery.id, lastAttempt: delivery.attempts + 1, nextAttemptAt: now,
                       reply: .ok(command.command, caseID: delivery.subject.caseID, proposal: delivery.subject.proposal,
                                  delivery: String(delivery.id), state: DeliveryState.pending.rawValue))
    }
}
