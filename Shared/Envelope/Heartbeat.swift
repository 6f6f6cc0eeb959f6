/// What a relay publishes about once a second on `heartbeat.<producer>`: the sequence it has
/// published through (frame 3) and, as payload, where to ask for a replay.
public struct Heartbeat: Sendable, Hashable, Codable {
    public static let topicPrefix = "heartbeat."

    /// The producer's ROUTER replay endpoint, e.g. `tcp://127.0.0.1:41234`.
    public var replay: String
    /// The oldest sequence still in the outbox (head + 1 when the outbox is empty).
    public var oldest: UInt64

    public init(replay: String, oldest: UInt64) {
        self.replay = replay
        self.oldest = oldest
    }

    public static func topic(for producer: String) -> String { topicPrefix + producer }
}
