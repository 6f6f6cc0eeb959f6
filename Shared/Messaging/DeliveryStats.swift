import Synchronization
import Logging
import Metrics

/// Counters of what happened to messages, by name (`published`, `applied`, `duplicate`,
/// `malformed.invalid_topic`, ...). Mirrored into swift-metrics as `whistle_delivery_total`
/// with `role`, `name` and `event` dimensions, and readable as a snapshot for tests and logs.
public final class DeliveryStats: Sendable {
    private let role: String
    private let name: String
    /// Each event's count and its swift-metrics counter, made once (making one asks the metrics factory, which for
    /// Prometheus is a locked lookup of its labels: too dear once per message).
    private let counts = Mutex<[String: (count: Int, counter: Counter)]>([:])

    public init(role: String, name: String) {
        self.role = role
        self.name = name
    }

    public func increment(_ event: String, by amount: Int = 1) {
        guard amount > 0 else { return }
        let counter = counts.withLock { counts in
            if let entry = counts[event] {
                counts[event] = (entry.count + amount, entry.counter)
                return entry.counter
            }
            let counter = Counter(label: "whistle_delivery_total", dimensions: [("role", role), ("name", name), ("event", event)])
            counts[event] = (amount, counter)
            return counter
        }
        counter.increment(by: amount)
    }

    public subscript(event: String) -> Int { counts.withLock { $0[event]?.count ?? 0 } }

    public func snapshot() -> [String: Int] { counts.withLock { $0.mapValues(\.count) } }
}

extension Logger {
    /// This logger with one more metadata entry on every line (`consumer=dispatch-1`).
    func tagged(_ key: String, _ value: String) -> Logger {
        var logger = self
        logger[metadataKey: key] = "\(value)"
        return logger
    }
}
