public import Envelope
import Synchronization

/// The instances a consumer hears beating on the buses, as their heartbeats describe them — what a service split by
/// street needs to answer reads for the whole city (its HTTP front asks the peers that own the other streets).
/// Of two copies of one instance (a moved partition and its stale original) the newer epoch's is kept.
public final class PeerDirectory: Sendable {
    /// One instance as its latest heartbeat said.
    public struct Peer: Sendable, Equatable {
        public let name: String
        public let epoch: UInt64
        /// `dispatch:s01`, `dispatch:*`.
        public let claims: [String]
        /// Where it is reached (`http`, `commands` …), once it is up.
        public let addresses: [String: String]
    }

    private let heard = Mutex<[String: (peer: Peer, at: ContinuousClock.Instant)]>([:])

    public init() {}

    /// Notes a heartbeat (on the consumer's thread).
    public func record(_ message: WireMessage, _ heartbeat: Heartbeat) {
        let peer = Peer(name: message.producer, epoch: message.epoch, claims: heartbeat.claims ?? [], addresses: heartbeat.addresses ?? [:])
        heard.withLock { heard in
            if peer.epoch >= heard[peer.name]?.peer.epoch ?? 0 { heard[peer.name] = (peer, .now) }
        }
    }

    /// The instances that own streets of `service` (of any service when nil) and announce where they are reached,
    /// heard within `freshness`; in name order.
    public func instances(of service: String?, freshness: Duration = .seconds(5)) -> [Peer] {
        let now = ContinuousClock.now
        return heard.withLock { heard in
            heard.values.filter { entry in
                now - entry.at <= freshness && !entry.peer.addresses.isEmpty
                    && entry.peer.claims.contains { claim in service.map { claim.hasPrefix($0 + ":") } ?? true }
            }.map(\.peer)
        }.sorted { $0.name < $1.name }
    }

    /// The instance `name` as its newest heartbeat said, however long ago.
    public func peer(named name: String) -> Peer? { heard.withLock { $0[name]?.peer } }
}
