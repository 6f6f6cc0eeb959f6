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
        let heard = Mutex<[String: (epoch: UInt64, heartbeat: Heartbeat)]>([:])
        let failure = Mutex<(any Error)?>(nil)
        await SocketThread(name: "whistle-partitions") {
            do {
                let context = try ZMQContext()
                try HeartbeatListener.listen(buses: buses, context: context, security: security, window: listening) { message, heartbeat in
                    heard.withLock { heard in                 // a stale copy of a moved instance beats with an older epoch
                        if message.epoch >= heard[message.producer]?.epoch ?? 0 { heard[message.producer] = (message.epoch, heartbeat) }
                    }
                }
            } catch {
                failure.withLock { $0 = error }
            }
        }.finish()
        if let error = failure.withLock({ $0 }) { throw error }
        let instances = heard.withLock { $0 }.compactMap { name, heard -> Instance? in
            let heartbeat = heard.heartbeat
            let claims = (heartbeat.claims ?? []).filter { claim in service.map { claim.hasPrefix($0 + ":") } ?? true }
            guard !claims.isEmpty, let addresses = heartbeat.addresses else { return nil }
            return Instance(name: name, claims: claims, commands: addresses["commands"], http: addresses["http"], epoch: heard.epoch)
        }
        return Partitions(instances: instances.sorted { $0.name < $1.name })
    }

    /// What the buses said, for an error: `dispatch-s01 (dispatch:s01), dispatch-s02 (dispatch:s02)`, or that none beat.
    var summary: String {
        instances.isEmpty ? "no instance's heartbeat was heard on the buses"
            : instances.map { "\($0.name) (\($0.claims.joined(separator: ", ")))" }.joined(separator: ", ")
    }
}
