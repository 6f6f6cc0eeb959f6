public import Foundation

/// When to try a failed webhook delivery again: after 1, 2, 4 … seconds, at most 60 apart, until
/// `maxAttempts` attempts were made.
public struct RetryPolicy: Sendable, Equatable {
    public let maxAttempts: Int

    public init(maxAttempts: Int) { self.maxAttempts = maxAttempts }

    /// Seconds to wait after the `attempt`-th failed attempt (1-based), or nil to give up.
    public func delay(afterFailed attempt: Int) -> TimeInterval? {
        attempt >= maxAttempts ? nil : min(pow(2, Double(attempt - 1)), 60)
    }
}
