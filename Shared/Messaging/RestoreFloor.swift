public import Envelope
public import ZeroMQ

/// What a producer restored from a backup must number its events after: the furthest any consumer has applied its
/// events, as the consumers' heartbeats say (`applied`). A restored store's outbox ends where the backup was taken;
/// its consumers have applied more, and would take new events under those numbers for copies they have.
public enum RestoreFloor {
    /// The instance `name` is running: a restore would be overwritten, or would strand what it does.
    public struct Running: Error, CustomStringConvertible {
        public let name: String
        public var description: String {
            "\(name) is running (its heartbeat is on the bus): stop it before restoring its store"
        }
    }

    /// Listens to every bus's heartbeats for `window`: the furthest position of `name`'s events any of them applied
    /// (nil when none said); throws `Running` when `name` itself beats.
    public static func learn(_ name: String, buses: [String], context: ZMQContext, security: SocketSecurity,
                             window: Duration) throws -> Heartbeat.Position? {
        var furthest: Heartbeat.Position?
        try HeartbeatListener.listen(buses: buses, context: context, security: security, window: window) { message, heartbeat in
            if message.producer == name { throw Running(name: name) }
            guard let position = heartbeat.applied?[name] else { return }
            furthest = Heartbeat.Position(sequence: max(furthest?.sequence ?? 0, position.sequence),
                                          epoch: max(furthest?.epoch ?? 0, position.epoch))
        }
        return furthest
    }
}
