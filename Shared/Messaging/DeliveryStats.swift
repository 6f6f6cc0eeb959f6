import Synchronization
import Logging
import Metrics

/// Counters of what happened to messages, by name (`published`, `applied`, `duplicate`,
/// `malformed.invalid_topic`, ...). Mirrored into swift-metrics as `whistle_delivery_total`
/// with `role`, `name` and `event` dimensions, and readable as a snapshot for tests and logs.
public final class DeliveryStats: Sendable {
    private let role: String
    private let name: String
    private let counts = Mutex<[String: Int]>([:])

    public init(role: String, name: String) {
        self.role = role
        self.name = name
    }

    public func increment(_ event: String, by amount: Int = 1) {
        guard amount > 0 else { return }
        counts.withLock { $0[event, default: 0] += amount }
        Counter(label: "whistle_delivery_total", dimensions: [("role", role), ("name", name), ("event", event)])
            .increment(by: amount)
    }

    public subscript(event: String) -> Int { counts.withLock { $0[event, default: 0] } }

    public func snapshot() -> [String: Int] { counts.withLock { $0 } }
}

extension Logger {
    /// This logger with one more metadata entry on every line (`consumer=dispatch-1`).
    func tagged(_ key: String, _ value: String) -> Logger {
        var logger = self
        logger[metadataKey: key] = "\(value)"
        return logger
    }
}
