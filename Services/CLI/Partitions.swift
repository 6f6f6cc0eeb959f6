import Envelope
import Foundation
import Messaging
import Synchronization
import ZeroMQ

/// The instances of a service split by street, as their heartbeats on the buses announce them: each one's
/// name (its producer), the streets it owns (`dispatch:s01`, `dispatch:*`) and where it is reached — the
/// documented routing rule (docs/operations.md, Partitions) that the CLI follows like any other client.
struct Partitions {
    struct Instance: Equatable {
        let name: String
        let claims: [String]
        let commands, http: String?
        /// The epoch of its heartbeats: a moved or restarted instance's grows.
        let epoch: UInt64
    }

    let instances: [Instance]

    /// How long the CLI listens: every instance beats once a second.
    static let listening: Duration = .milliseconds(1300)

    /// Listens to every bus's heartbeats for `listening` and keeps the instances of `service` (nil: of every service)
    /// that own areas and are up (their heartbeats carry addresses), in name order; of two copies of one instance,
    /// the newer epoch's.
    static func discover(_ service: String?, buses: [String], security: SocketSecurity) async throws -> Partitions {
        let peers = PeerDirectory()                             // keeps the newest epoch of each: a moved instance's stale copy is older
        let failure = Mutex<(any Error)?>(nil)
        await SocketThread(name: "whistle-partitions") {
            do {
                let context = try ZMQContext()
                try HeartbeatListener.listen(buses: buses, context: context, security: security, window: listening, heard: peers.record)
            } catch {
                failure.withLock { $0 = error }
            }
        }.finish()
        if let error = failure.withLock({ $0 }) { throw error }
        return Partitions(instances: peers.instances(of: service).map { peer in
            Instance(name: peer.name, claims: peer.claims.filter { claim in service.map { claim.hasPrefix($0 + ":") } ?? true },
                     commands: peer.addresses["commands"], http: peer.addresses["http"], epoch: peer.epoch)
        })
    }

    /// What the buses said, for an error: `dispatch-s01 (dispatch:s01), dispatch-s02 (dispatch:s02)`, or that none beat.
    var summary: String {
        instances.isEmpty ? "no instance's heartbeat was heard on the buses"
            : instances.map { "\($0.name) (\($0.claims.joined(separator: ", ")))" }.joined(separator: ", ")
    }
}
