import Foundation

/// Where a relay publishes and serves replays, and how long its outbox keeps events.
public struct RelayConfiguration: Sendable, Codable, Equatable {
    /// Every bus's XSUB address (`tcp://127.0.0.1:7100`): the relay publishes each event to all of them.
    public var busPublish: [String]
    /// Where the replay ROUTER binds; port `*` picks a free one, reported in heartbeats.
    public var replayBind: String
    /// The host peers use to reach a wildcard bind address.
    public var advertisedHost: String
    public var heartbeatIntervalMilliseconds: Int
    /// Retention: events older than this many seconds, or beyond the newest `retentionCount`, are pruned.
    /// Consumers further behind than retention lose the pruned range (counted and logged).
    public var retentionSeconds: Double
    public var retentionCount: Int
    public var pruneIntervalSeconds: Double
    /// The areas this instance owns alone, announced in every heartbeat (none: it owns no area).
    public var claims: AreaClaims?

    public init(
        busPublish: [String], replayBind: String = "tcp://127.0.0.1:*", advertisedHost: String = "127.0.0.1",
        heartbeatIntervalMilliseconds: Int = 1000, retentionSeconds: Double = 7 * 24 * 3600,
        retentionCount: Int = 1_000_000, pruneIntervalSeconds: Double = 60, claims: AreaClaims? = nil
    ) {
        self.claims = claims
        (self.busPublish, self.replayBind, self.advertisedHost) = (busPublish, replayBind, advertisedHost)
        (self.heartbeatIntervalMilliseconds, self.pruneIntervalSeconds) = (heartbeatIntervalMilliseconds, pruneIntervalSeconds)
        (self.retentionSeconds, self.retentionCount) = (retentionSeconds, retentionCount)
    }
}
