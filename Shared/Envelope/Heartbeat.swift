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
    /// Where clients reach this instance, by the names its `READY` line gives them — `commands` (its command
    /// endpoint), `http` (its `/health`, `/metrics` and reads) … — with a wildcard host replaced by the advertised
    /// one; absent until every part of it is up. Clients of a partitioned service find an instance's addresses here.
    public var addresses: [String: String]?
    /// How far this instance has applied each producer's events, by producer: what a producer restored from a backup
    /// learns so that it never numbers an event below what a consumer has applied (absent for a service that consumes nothing).
    public var applied: [String: Position]?

    /// A place in a producer's stream.
    public struct Position: Sendable, Hashable, Codable {
        public var sequence, epoch: UInt64
        public init(sequence: UInt64, epoch: UInt64) { (self.sequence, self.epoch) = (sequence, epoch) }
    }

    public init(replay: String, oldest: UInt64, claims: [String]? = nil, claimedSince: Int64? = nil, addresses: [String: String]? = nil,
                applied: [String: Position]? = nil) {
        (self.replay, self.oldest, self.claims, self.claimedSince, self.addresses) = (replay, oldest, claims, claimedSince, addresses)
        self.applied = applied
    }

    public static func topic(for producer: String) -> String { topicPrefix + producer }
}
