public import Contracts
public import Foundation

/// A recipient's inbox messages marked read at `at`.
public struct InboxReading: Sendable, Equatable {
    public var recipient: String
    public var deliveries: [Int64]
    public var at: Date
    public var reply: CommandReply
}

extension DeliveryDesk {
    /// `read`: 1–500 of the recipient's own inbox messages (`theirs`: those of the ids that are) are read from now —
    /// again, harmlessly; an id that is not one of their inbox messages is `unknown_delivery`.
    public static func read(_ command: NotificationCommand, theirs: Set<Int64>, now: Date) throws(Refused) -> InboxReading {
        guard let recipient = command.recipient else { throw Refused(.missingDetail, "read needs 'recipient'") }
        guard let ids = command.deliveries, (1...500).contains(ids.count) else { throw Refused(.missingDetail, "read needs 'deliveries': 1 to 500 ids") }
        let numbers = ids.map { Int64($0) }
        if let stranger = zip(ids, numbers).first(where: { $0.1.map { !theirs.contains($0) } ?? true }) {
            throw Refused(.unknownDelivery, "'\(stranger.0.prefix(40))' is not a message in \(recipient.prefix(64))'s inbox")
        }
        return InboxReading(recipient: recipient, deliveries: numbers.compactMap { $0 }, at: now,
                            reply: .ok(command.command, caseID: nil, recipient: recipient, state: "read"))
    }
}
