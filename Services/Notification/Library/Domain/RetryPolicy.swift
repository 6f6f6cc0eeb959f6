public import Foundation
public import Contracts

/// When to try a failed webhook delivery again: after 1, 2, 4 … seconds, at most 60 apart, each wait grown by up to a
/// fifth (jitter, so a receiver back after an outage is not hit by every retry at once), until `maxAttempts` attempts
/// were made. A receiver's `Retry-After` (on 429 or 503) is waited at least, at most an hour; a webhook's 410 Gone and
/// a mail server's permanent refusal (5xx: no such mailbox, message refused) end it at once; its 4xx is tried again.
public struct RetryPolicy: Sendable, Equatable {
    public let maxAttempts: Int
    /// The longest `Retry-After` honoured.
    public static let longestRetryAfter: TimeInterval = 3_600

    public init(maxAttempts: Int) { self.maxAttempts = maxAttempts }

    /// Seconds to wait after the `attempt`-th failed attempt (1-based), without jitter, or nil to give up.
    public func delay(afterFailed attempt: Int) -> TimeInterval? {
        attempt >= maxAttempts ? nil : min(pow(2, Double(attempt - 1)), 60)
    }

    /// Seconds to wait after the `attempt`-th attempt failed with `status` (nil: no answer) and the receiver's
    /// `retryAfter`, or nil to give up (the last attempt, or an answer that is final on the channel). The jitter is fixed
    /// by `seed` (the delivery) and the attempt: the same delivery waits the same on every replay of the decision.
    public func delay(afterFailed attempt: Int, status: Int?, retryAfter: TimeInterval?, seed: Int64,
                      channel: DeliveryChannel = .webhook) -> TimeInterval? {
        guard !Self.isFinal(status, on: channel), let base = delay(afterFailed: attempt) else { return nil }
        let jittered = base * (1 + Self.jitter(seed: seed, attempt: attempt))
        guard let retryAfter, [429, 503].contains(status) else { return jittered }
        return max(jittered, min(retryAfter, Self.longestRetryAfter))
    }

    /// Whether a failed attempt's answer ends the delivery: a webhook's 410 Gone; a mail server's 5xx (RFC 5321 §4.2.1:
    /// a permanent negative reply — sending the same again fails again); a text-message gateway's 4xx but 408 and 429
    /// (the number or the request is wrong: sending it again fails again).
    public static func isFinal(_ status: Int?, on channel: DeliveryChannel) -> Bool {
        guard let status else { return false }
        switch channel {
        case .email: return (500..<600).contains(status)
        case .sms: return (400..<500).contains(status) && ![408, 429].contains(status)
        case .webhook, .inbox: return status == 410
        }
    }

    /// A fraction in [0, 0.2) from the delivery and attempt (FNV-1a): deterministic, spread across deliveries.
    static func jitter(seed: Int64, attempt: Int) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in withUnsafeBytes(of: (seed.littleEndian, Int64(attempt).littleEndian), Array.init) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Double(hash % 1_000) / 5_000
    }
}
