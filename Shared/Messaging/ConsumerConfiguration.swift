/// What a consumer listens to and how it catches up.
public struct ConsumerConfiguration: Sendable, Codable, Equatable {
    /// This consumer's name, for logs and metrics.
    public var name: String
    /// Every bus's XPUB address (`tcp://127.0.0.1:7101`): the consumer subscribes from all of them and
    /// keeps the first copy of each producer's sequence.
    public var busSubscribe: [String]
    /// Topic prefixes to receive; empty means every topic.
    public var prefixes: [String]
    /// When set, events from any other producer are dropped and counted as `unknown_producer`.
    public var producers: [String]?
    /// How long to wait for a replay's END before asking again (doubling, up to 30 s).
    public var replayTimeoutMilliseconds: Int
    /// Events applied per transaction at most.
    public var batchSize: Int
    /// How long events that arrived may wait for more before they are committed together (group commit:
    /// one fsync for what arrives within it, at the cost of that much latency; 0 commits at once).
    public var lingerMilliseconds: Int
    /// The areas this instance owns alone: a heartbeat of another instance claiming any of them since
    /// before this one stops the consumer (`ClaimConflict`) — two instances never go on owning one area.
    public var claims: AreaClaims?

    public init(
        name: String, busSubscribe: [String], prefixes: [String], producers: [String]? = nil,
        replayTimeoutMilliseconds: Int = 2000, batchSize: Int = 1000, lingerMilliseconds: Int = 0, claims: AreaClaims? = nil
    ) {
        self.claims = claims
        (self.name, self.busSubscribe, self.prefixes, self.producers) = (name, busSubscribe, prefixes, producers)
        (self.replayTimeoutMilliseconds, self.batchSize, self.lingerMilliseconds) = (replayTimeoutMilliseconds, batchSize, lingerMilliseconds)
    }

    func matches(_ topic: String) -> Bool { prefixes.isEmpty || prefixes.contains(where: topic.hasPrefix) }
}
