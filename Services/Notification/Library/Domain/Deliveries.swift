public import Contracts
public import Foundation

/// A message owed to someone on one channel: the in-app inbox (delivered as it is stored) or a webhook.
public struct Delivery: Sendable, Equatable {
    /// The event that caused it (`<source>#<id>`): an event makes one delivery per recipient and channel.
    public var eventID, recipient, channel, text: String
    public var subject: NoticeSubject
    public var address: String?
    public var kind: NotificationKind
    public var state: DeliveryState
    public var nextAttemptAt, createdAt: Date
    public var deliveredAt: Date?
    /// About an emergency: sent before anything else that is due, and marked critical.
    public var critical: Bool
}

/// What became of one delivery attempt, and what the delivery becomes after it.
public struct AttemptOutcome: Sendable, Equatable {
    /// The attempt's number (1-based), its HTTP status and what went wrong, if anything.
    public var attempt: Int
    public var status: Int?
    public var error: String?
    /// The delivery after it: delivered, pending again (retried at `nextAttemptAt`), or failed for good.
    public var state: DeliveryState
    public var nextAttemptAt: Date
    public var deliveredAt: Date?
}

/// Notification's decisions about deliveries.
public enum DeliveryDesk {
    /// The deliveries a notice makes: to its recipient and to everyone following the case, each in the in-app
    /// inbox and, for those with one, by webhook.
    public static func deliveries(of notice: Notice, followers: [String], webhooks: [String: String], critical: Bool, event: String,
                                  now: Date) -> [Delivery] {
        ([notice.recipient] + followers.filter { $0 != notice.recipient }).flatMap { recipient in
            var channels: [(channel: String, address: String?, state: DeliveryState)] = [("inbox", nil, .delivered)]
            if let webhook = webhooks[recipient] { channels.append(("webhook", webhook, .pending)) }
            return channels.map { channel in
                Delivery(eventID: event, recipient: recipient, channel: channel.channel, text: notice.text, subject: notice.subject,
                         address: channel.address, kind: notice.kind, state: channel.state, nextAttemptAt: now, createdAt: now,
                         deliveredAt: channel.state == .delivered ? now : nil, critical: critical)
            }
        }
    }

    /// After the `attempt`-th try (1-based) of delivery `seed` answered `status` (nil: no answer; with `retryAfter`
    /// seconds asked) or failed with `error`: a 2xx delivers it; anything else is tried again as the policy says, or
    /// fails for good.
    public static func after(attempt: Int, status: Int?, error: String?, retryAfter: TimeInterval? = nil, seed: Int64 = 0, policy: RetryPolicy,
                             now: Date) -> AttemptOutcome {
        let delivered = error == nil && status.map { (200..<300).contains($0) } == true
        let retry = delivered ? nil : policy.delay(afterFailed: attempt, status: status, retryAfter: retryAfter, seed: seed)
        return AttemptOutcome(attempt: attempt, status: status, error: delivered ? nil : (error ?? "HTTP \(status ?? 0)"),
                              state: delivered ? .delivered : (retry == nil ? .failed : .pending),
                              nextAttemptAt: now.addingTimeInterval(retry ?? 0), deliveredAt: delivered ? now : nil)
    }
}
