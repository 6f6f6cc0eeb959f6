public import GRDB
public import Timekeeping
public import Logging
import ServiceLifecycle
public import ZeroMQ
import Credentials
import Envelope
import Foundation
import Synchronization

/// Publishes a producer's committed outbox events to the bus in sequence order, sends a heartbeat
/// about once a second (`heartbeat.<producer>`: published-through sequence, replay address, the areas it
/// owns and where clients reach it),
/// and answers replay requests on a ROUTER socket. All its sockets live on one `SocketThread`.
public final class OutboxRelay: SocketThreadService {
    /// Matching events sent per replay reply, and rows scanned per reply.
    static let replayEventLimit = 2000
    /// Rows read from the outbox at a time while a replay is answered.
    static let replayReadChunk = 200
    static let publishBatch = 1000
    /// The shortest time between two heartbeats sent because a subscriber arrived.
    static let subscribedHeartbeatGap = Duration.milliseconds(50)

    let outbox: Outbox
    let database: any DatabaseWriter, context: ZMQContext, logger: Logger
    let configuration: RelayConfiguration
    let security: SocketSecurity
    /// The service's clock: how old an event is, for retention.
    let clock: any WallClock
    public let stats: DeliveryStats
    /// The address consumers connect to for replays, once bound.
    public let replayEndpoint = StartupSignal<Result<String, any Error>>()
    let stopping = Atomic<Bool>(false)
    /// The instance's addresses, carried in every heartbeat once it is up.
    let announcement: Announcement?

    public init(
        outbox: Outbox, database: any DatabaseWriter, context: ZMQContext,
        configuration: RelayConfiguration, security: SocketSecurity = .plaintext, clock: any WallClock = SystemClock(),
        announcement: Announcement? = nil, logger: Logger
    ) {
        (self.outbox, self.database, self.context, self.configuration, self.security) = (outbox, database, context, configuration, security)
        (self.clock, self.announcement) = (clock, announcement)
        self.logger = logger.tagged("producer", outbox.producer)
        stats = DeliveryStats(role: "relay", name: outbox.producer)
    }

    public var threadName: String { "relay-\(outbox.producer)" }
    public var startup: StartupSignal<Result<String, any Error>> { replayEndpoint }

    /// Asks the relay to publish what is committed, send a last heartbeat, and stop.
    public func stop() {
        stopping.store(true, ordering: .relaxed)
        outbox.doorbell.ring()
    }

    public func loop() {
        do {
            try runSockets()
        } catch {
            if (error as? ZMQError)?.isTerminated != true { logger.error("relay stopped", metadata: ["error": "\(error)"]) }
            replayEndpoint.complete(.failure(error))
        }
    }

    private func runSockets() throws {
        // XPUB rather than PUB: the buses pass every subscription up (verbose), and a new one is answered with a
        // heartbeat at once, so a consumer that just (re)started learns this producer's head without waiting a period.
        let publisher = try context.socket(.xpub)
        try publisher.setXPubVerbose(true)
        try publisher.setHighWaterMarks(send: 500_000, receive: 1000)
        try publisher.setReconnectInterval(milliseconds: 100, maximum: 1000)
        try publisher.setHeartbeat(intervalMilliseconds: 1000, timeoutMilliseconds: 5000)   // a silent bus is dropped, then redialled
        try security.connect(publisher, toServer: security.busIdentity)
        for bus in configuration.busPublish { try publisher.attach(.connect(bus)) }
        let router = try context.socket(.router)
        try router.setRouterMandatory(true)
        try router.setMaximumMessageSize(Int64(ReplayMessage.maximumRequestSize))
        try router.setHighWaterMarks(send: 0, receive: 1000)
        try security.serve(router, domain: .replay)
        let watch = try HandshakeWatch.watching(router, server: "replay-\(outbox.producer)", security: security, logger: logger, stats: stats)
        defer { watch?.close() }
        let bound = try router.attach(.bind(configuration.replayBind))
        let replayAddress = Endpoint.connectable(boundAddress: bound, advertisedHost: configuration.advertisedHost)
        let epoch = try Outbox.beginEpoch(database)
        // Events committed before this start are not re-published: the first heartbeat
        // announces them and consumers that lack them ask for a replay.
        var cursor = RelayCursor(epoch: epoch, published: try database.read(Outbox.head))
        replayEndpoint.complete(.success(replayAddress))
        logger.info("relay started", metadata: ["replay": "\(replayAddress)", "epoch": "\(epoch)", "head": "\(cursor.published)"])

        let heartbeatInterval = Duration.milliseconds(configuration.heartbeatIntervalMilliseconds)
        let pruneInterval = Duration.seconds(configuration.pruneIntervalSeconds)
        var nextHeartbeat = ContinuousClock.now
        var nextPrune = ContinuousClock.now + pruneInterval
        var lastHeartbeat = ContinuousClock.now - heartbeatInterval
        var poller = Poller([.socket(router), .fileDescriptor(outbox.doorbell.fileDescriptor), .socket(publisher)]
                            + (watch.map { [.socket($0.socket)] } ?? []))
        while !stopping.load(ordering: .relaxed) {
            let wait = ContinuousClock.now.duration(to: nextHeartbeat)
            let ready = try poller.poll(timeoutMilliseconds: max(0, Int((wait / .milliseconds(1)).rounded(.up))))
            if ready[1] {
                outbox.doorbell.clear()
                try publishCommitted(&cursor, on: publisher)
            }
            if ready[0] { try serveReplays(on: router, cursor: cursor) }
            if ready[2], try Self.drainSubscriptions(publisher) {
                // A new subscriber: a heartbeat now (a flood of them at a suite's start gets one every 50 ms at most).
                nextHeartbeat = min(nextHeartbeat, lastHeartbeat + Self.subscribedHeartbeatGap)
            }
            if ready.count > 3, ready[3] { try watch?.drain() }
            let now = ContinuousClock.now
            if now >= nextHeartbeat {
                try publishCommitted(&cursor, on: publisher)
                try sendHeartbeat(cursor, replay: replayAddress, on: publisher)
                lastHeartbeat = now
                nextHeartbeat = now + heartbeatInterval
            }
            if now >= nextPrune {
                prune()
                nextPrune = now + pruneInterval
            }
        }
        try publishCommitted(&cursor, on: publisher)
        try sendHeartbeat(cursor, replay: replayAddress, on: publisher)
        // Give the last messages a moment to leave before the socket closes.
        try publisher.setLinger(milliseconds: 1000)
        logger.info("relay stopped", metadata: ["published": "\(cursor.published)"])
    }

    /// Publishes every committed event after `cursor.published`, in order.
    private func publishCommitted(_ cursor: inout RelayCursor, on publisher: Socket) throws {
        while true {
            let after = cursor.published
            let rows = try database.read { db in
                try Outbox.rows(db, from: after + 1, to: UInt64(Int64.max), limit: OutboxRelay.publishBatch)
            }
            for row in rows {
                let message = WireMessage(
                    topic: row.topic, producer: outbox.producer, epoch: cursor.epoch, sequence: row.sequence, payload: row.payload)
                try publisher.send(message.frames)
                cursor.published = row.sequence
            }
            stats.increment("published", by: rows.count)
            if rows.count < OutboxRelay.publishBatch { return }
        }
    }

    /// Reads the subscriptions the buses passed up; whether one of them subscribes (rather than leaves).
    private static func drainSubscriptions(_ publisher: Socket) throws -> Bool {
        var subscribed = false
        while let frames = try publisher.receive(dontWait: true) {
            if frames.first?.first == 1 { subscribed = true }
        }
        return subscribed
    }

    private func sendHeartbeat(_ cursor: RelayCursor, replay: String, on publisher: Socket) throws {
        let (oldest, applied) = try database.read { db in (try Outbox.oldest(db), try? Inbox.offsets(db)) }
        let positions = applied?.mapValues { Heartbeat.Position(sequence: $0.sequence, epoch: $0.epoch) }
        let payload = try JSONValueEncoder().encode(Heartbeat(replay: replay, oldest: oldest, claims: configuration.claims?.tokens,
                                                                         claimedSince: configuration.claims?.since, addresses: announcement?.current,
                                                                         applied: positions?.isEmpty == false ? positions : nil)).jsonData()
        let message = WireMessage(
            topic: Heartbeat.topic(for: outbox.producer), producer: outbox.producer, epoch: cursor.epoch,
            sequence: cursor.published, payload: payload)
        try publisher.send(message.frames)
    }

    private func prune() {
        do {
            let removed = try Outbox.prune(
                database, maximumAge: configuration.retentionSeconds, maximumCount: configuration.retentionCount, now: clock.now())
            if removed > 0 { logger.info("outbox pruned", metadata: ["removed": "\(removed)"]) }
        } catch {
            logger.error("outbox prune failed", metadata: ["error": "\(error)"])
        }
    }
}

/// What the relay has published so far in this epoch.
struct RelayCursor {
    let epoch: UInt64
    var published: UInt64
}
