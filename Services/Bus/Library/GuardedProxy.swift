import Credentials
import Envelope
import Foundation
import Logging
import Messaging
import ZeroMQ

/// The bus's proxy loop when security is on: messages flow down only when the key that sent them owns
/// their producer name, and a subscription flows up only when the subscriber's key may read its
/// prefix. Forged messages and refused subscriptions are dropped, counted and logged. Messages are
/// moved, never copied. Runs on the bus's thread, owning all its sockets.
struct GuardedProxy {
    let frontend: Socket, backend: Socket, control: Socket
    let keyRing: KeyRing
    let watches: [HandshakeWatch]
    let logger: Logger
    let stats: DeliveryStats
    /// How many admitted subscriptions (from subscribers) hold each prefix, and how many refused ones
    /// libzmq still remembers (it reports the refused too when their subscriber leaves).
    private var admitted: [Data: Int] = [:]
    private var refused: [Data: Int] = [:]

    init(frontend: Socket, backend: Socket, control: Socket, keyRing: KeyRing, watches: [HandshakeWatch], logger: Logger, stats: DeliveryStats) {
        (self.frontend, self.backend, self.control, self.keyRing) = (frontend, backend, control, keyRing)
        (self.watches, self.logger, self.stats) = (watches, logger, stats)
    }

    /// Runs until TERMINATE on `control` (or the context ends), watching both sides' handshakes.
    static func run(frontend: Socket, backend: Socket, control: Socket, keyRing: KeyRing, security: SocketSecurity, logger: Logger,
                    stats: DeliveryStats) throws {
        var watches: [HandshakeWatch] = []
        if let watch = try HandshakeWatch.watching(frontend, server: "bus-publish", security: security, logger: logger, stats: stats) {
            watches.append(watch)
        }
        if let watch = try HandshakeWatch.watching(backend, server: "bus-subscribe", security: security, logger: logger, stats: stats) {
            watches.append(watch)
        }
        defer { for watch in watches { watch.close() } }
        var proxy = GuardedProxy(frontend: frontend, backend: backend, control: control, keyRing: keyRing, watches: watches,
                                 logger: logger, stats: stats)
        do {
            try proxy.loop()
        } catch {
            if !error.isTerminated { throw error }
        }
    }

    mutating func loop() throws(ZMQError) {
        var poller = Poller([.socket(frontend), .socket(backend), .socket(control)] + watches.map { .socket($0.socket) })
        while true {
            let ready = try poller.poll(timeoutMilliseconds: 1000)
            if ready[2] { return }                                    // TERMINATE
            if ready[0] { try publish() }
            if ready[1] { try subscribe() }
            for (index, watch) in watches.enumerated() where ready[3 + index] { try watch.drain() }
        }
    }

    /// Forwards what producers published, up to a batch, if each sender owns its producer frame.
    private func publish() throws(ZMQError) {
        for _ in 0..<1000 {
            let forwarded = try frontend.forward(to: backend) { peek in
                guard let user = peek.userID, let producer = peek.second, peek.frameCount >= 2 else { return false }
                return keyRing.mayPublish(user, as: String(decoding: producer, as: UTF8.self))
            }
            guard let (peek, sent) = forwarded else { return }
            if !sent { forged(peek) }
        }
    }

    private func forged(_ peek: MessagePeek) {
        stats.increment("forged")
        let count = stats["forged"]
        guard count & (count - 1) == 0 else { return }
        logger.error("forged message dropped: its sender does not own its producer name",
                     metadata: ["sender": "\(peek.userID ?? "none")", "producer": "\(String(decoding: peek.second?.prefix(64) ?? Data(), as: UTF8.self))",
                                "topic": "\(String(decoding: peek.first.prefix(200), as: UTF8.self))", "count": "\(count)"])
    }

    /// Admits or refuses each subscription, passing every admitted one up to the producers.
    private mutating func subscribe() throws(ZMQError) {
        while let message = try backend.receiveMessage(dontWait: true) {
            guard let frame = message.frames.first, let flag = frame.first, flag <= 1 else { continue }
            let prefix = Data(frame.dropFirst())
            if flag == 1 {
                try add(prefix, from: message.userID)
            } else {
                try remove(prefix, from: message.userID)
            }
        }
    }

    private mutating func add(_ prefix: Data, from user: String?) throws(ZMQError) {
        let text = String(decoding: prefix, as: UTF8.self)
        guard let user, prefix.count <= Topic.maximumLength, keyRing.maySubscribe(user, to: text) else {
            refused[prefix, default: 0] += 1
            stats.increment("subscription_refused")
            let count = stats["subscription_refused"]
            if count & (count - 1) == 0 {
                logger.warning("subscription refused", metadata: ["subscriber": "\(user ?? "none")", "prefix": "\(text.prefix(200))", "count": "\(count)"])
            }
            return
        }
        try backend.subscribe(bytes: prefix)                          // for the pipe it came from
        admitted[prefix, default: 0] += 1
        // Up every time: a producer answers each new subscriber with a heartbeat.
        try frontend.send([Data([1]) + prefix])
    }

    /// An unsubscription: the subscriber's own (with its user id), or libzmq's for one that left
    /// (without: it may be for a refused subscription, which never went up).
    private mutating func remove(_ prefix: Data, from user: String?) throws(ZMQError) {
        if user == nil, let count = refused[prefix], count > 0 {
            refused[prefix] = count - 1
            return
        }
        if let user, !keyRing.maySubscribe(user, to: String(decoding: prefix, as: UTF8.self)) {
            refused[prefix] = max(0, (refused[prefix] ?? 0) - 1)
            return
        }
        if user != nil { try backend.unsubscribe(bytes: prefix) }
        guard let count = admitted[prefix], count > 0 else { return }
        admitted[prefix] = count - 1
        try frontend.send([Data([0]) + prefix])      // the XSUB counts: the prefix leaves the producers with its last holder
    }
}
