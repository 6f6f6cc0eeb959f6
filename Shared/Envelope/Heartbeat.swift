/// What a relay publishes about once a second on `heartbeat.<producer>`: the sequence it has
/// published through (frame 3) and, as payload, where to ask for a replay.
public struct Heartbeat: Sendable, Hashable, Codable {
    public static let topicPrefix = "heartbeat."

    /// The producer's ROUTER replay endpoint, e.g. `tcp://127.0.0.1:41234`.
    public var replay: String
    /// The oldest sequence still in the outbox (head + 1 when the outbox is empty).
    public var oldest: UInt64
    /// The areas this instance owns alone, when it owns any: `dispatch:s01` (a service's street),
    /// `dispatch:*` (all of its streets). No other instance may claim any of them while this one beats.
    public var claims: [String]?
    /// When this instance began to hold its claims (milliseconds since 1970): of two instances that
    /// claim one area, the later stands down.
    public var claimedSince: Int64?

    public init(replay: String, oldest: UInt64, claims: [String]? = nil, claimedSince: Int64? = nil) {
        (self.replay, self.oldest, self.claims, self.claimedSince) = (replay, oldest, claims, claimedSince)
    }

    public static func topic(for producer: String) -> String { topicPrefix + producer }
}
