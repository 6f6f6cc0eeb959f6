public import Envelope
public import ZeroMQ

/// Listens to every bus's heartbeats for a window — the one way the suite learns who beats where: the claim check
/// at start, a restore's sequence floor, the CLI's partitions. `heard` is called for each heartbeat with the message
/// that carried it (producer, epoch); an error it throws ends the listening and is rethrown.
public enum HeartbeatListener {
    public static func listen(buses: [String], context: ZMQContext, security: SocketSecurity, window: Duration,
                              heard: (WireMessage, Heartbeat) throws -> Void) throws {
        guard window > .zero else { return }
        let subscriber = try security.busSubscriber(context, buses: buses, prefixes: [Heartbeat.topicPrefix])
        defer { subscriber.close() }
        let deadline = ContinuousClock.now + window
        while ContinuousClock.now < deadline {
            var poller = Poller([.socket(subscriber)])
            let left = ConsumerSession.milliseconds(ContinuousClock.now.duration(to: deadline))
            guard try poller.poll(timeoutMilliseconds: max(1, left))[0] else { continue }
            while let frames = try subscriber.receive(dontWait: true) {
                guard let message = try? WireMessage(frames: frames), let heartbeat = message.heartbeat else { continue }
                try heard(message, heartbeat)
            }
        }
    }
}
