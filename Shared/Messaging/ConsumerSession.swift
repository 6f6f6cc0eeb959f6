import Synchronization
import Envelope
import Foundation
import GRDB
import Logging
import Timekeeping
import ZeroMQ

/// The consumer's socket-thread state: the SUB socket, one DEALER per producer it replays from,
/// a cursor per producer, and the batch waiting to be committed. Never leaves its thread.
final class ConsumerSession {
    let consumer: InboxConsumer
    let subscriber: Socket
    var cursors: [String: ProducerCursor] = [:]
    var dealers: [String: (socket: Socket, endpoint: String)] = [:]
    var batch: [DeliveredEvent] = []
    var dirty: Set<String> = []
    var requestCounter = 0
    /// This instance's own epoch, read from its store when a heartbeat under its name shows another (see checkTwin).
    var ownEpoch: UInt64?
    static let pendingLimit = 200_000
    /// How long replayed events may wait for more before they are committed together.
    static let catchUpLinger = Duration.milliseconds(20)

    var stats: DeliveryStats { consumer.stats }
    var logger: Logger { consumer.logger }
    var configuration: ConsumerConfiguration { consumer.configuration }

    init(consumer: InboxConsumer) throws {
        self.consumer = consumer
        for (producer, offset) in try consumer.database.read(Inbox.offsets) {
            cursors[producer] = ProducerCursor(applied: offset.sequence, epoch: offset.epoch)
        }
        let prefixes = consumer.configuration.prefixes.isEmpty ? [""] : consumer.configuration.prefixes + [Heartbeat.topicPrefix]
        subscriber = try consumer.security.busSubscriber(consumer.context, buses: consumer.configuration.busSubscribe, prefixes: prefixes,
                                                         receiveHighWaterMark: 500_000)
        logger.info("consumer subscribed", metadata: ["buses": "\(configuration.busSubscribe)", "prefixes": "\(prefixes)",
                                                      "producers_known": "\(cursors.count)"])
    }

    func run() throws {
        defer {
            for dealer in dealers.values { dealer.socket.close() }
            subscriber.close()
        }
        var waitingSince: ContinuousClock.Instant?          // when the oldest uncommitted event arrived
        while !consumer.stopping.load(ordering: .relaxed) {
            let producers = Array(dealers.keys)
            // While a replay streams in, more is on its way: events wait for a full batch (or the catch-up linger) rather
            // than costing an fsync per few events.
            let linger = producers.contains { cursors[$0]?.replay != nil }
                ? max(.milliseconds(configuration.lingerMilliseconds), Self.catchUpLinger) : .milliseconds(configuration.lingerMilliseconds)
            var poller = Poller([.socket(subscriber)] + producers.map { .socket(dealers[$0]!.socket) })
            let timeout = waitingSince.map { max(0, Self.milliseconds(linger - (.now - $0))) } ?? 50
            let ready = try poller.poll(timeoutMilliseconds: timeout)
            if ready[0] { try drainSubscriber() }
            for (index, producer) in producers.enumerated() where ready[index + 1] {
                try drainReplies(from: producer)
            }
            // Group commit: what arrives within the linger is committed together, one fsync for all of it.
            if !batch.isEmpty || !dirty.isEmpty {
                let since = waitingSince ?? .now
                if .now - since >= linger || batch.count >= configuration.batchSize {
                    flush()
                    waitingSince = nil
                } else {
                    waitingSince = since
                }
            }
            requestMissingRanges()
        }
        flush()
        logger.info("consumer stopped", metadata: ["applied": "\(stats["applied"])"])
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    private func drainSubscriber() throws {
        var received = 0
        while received < configuration.batchSize, let frames = try subscriber.receive(dontWait: true) {
            received += 1
            try handleLive(frames)
            if batch.count >= configuration.batchSize { flush() }
        }
    }

    private func handleLive(_ frames: [Data]) throws(ClaimConflict) {
        let message: WireMessage
        do {
            message = try WireMessage(frames: frames)
        } catch {
            return reject(error, context: "live")
        }
        if let allowed = configuration.producers, !allowed.contains(message.producer) {
            stats.increment("unknown_producer")
            return logRare("unknown_producer", "message from an unknown producer dropped", ["producer": "\(message.producer)"])
        }
        if message.isHeartbeat {
            return try handleHeartbeat(message)
        }
        guard configuration.matches(message.topic) else { return }
        // The same event by another bus (redundant buses): dropped before the cost of decoding it.
        if let cursor = cursors[message.producer], cursor.isCopy(at: message.sequence, payload: message.payload) {
            return stats.increment("duplicate")
        }
        guard let delivered = validated(message) else { return }
        stats.increment("received")
        accept(delivered)
    }

    func validated(_ message: WireMessage) -> DeliveredEvent? {
        do {
            let event = try CloudEvent.decode(message.payload)
            return DeliveredEvent(
                producer: message.producer, epoch: message.epoch, sequence: message.sequence,
                topic: message.topic, event: event, payload: message.payload)
        } catch {
            reject(error, context: "event")
            return nil
        }
    }

    /// Takes a delivered event in sequence order. The same sequence again is a harmless repeat when it
    /// is the same event, and a conflict — two different events under one producer and sequence, such
    /// as a forgery — when it is not: counted, logged every time, and never applied.
    func accept(_ event: DeliveredEvent) {
        // Taken out of the table while it changes: a copy left behind would make every insert into its
        // early-event buffer copy the whole buffer.
        var cursor = cursors.removeValue(forKey: event.producer) ?? ProducerCursor(applied: 0, epoch: event.epoch)
        if let earlier = cursor.identity(at: event.sequence), earlier != event.identity {
            cursors[event.producer] = cursor
            stats.increment("conflict")
            logger.error("conflict: two different events under one producer and sequence; the later one is not applied",
                         metadata: ["producer": "\(event.producer)", "sequence": "\(event.sequence)", "kept": "\(earlier)",
                                    "refused": "\(event.identity)", "topic": "\(event.topic)"])
            return
        }
        guard event.sequence > cursor.applied else {
            cursors[event.producer] = cursor
            stats.increment("duplicate")
            return
        }
        cursor.epoch = max(cursor.epoch, event.epoch)
        let released = cursor.accept(event)
        if released.isEmpty, cursor.pending.count > ConsumerSession.pendingLimit {
            // Too far behind to buffer: forget early events, the replay will bring them again.
            stats.increment("pending_overflow")
            cursor.pending.removeAll()
        }
        cursors[event.producer] = cursor
        take(released, from: event.producer, recent: cursor.recent)
    }

    func take(_ released: [DeliveredEvent], from producer: String, recent: RecentEvents) {
        guard !released.isEmpty else { return }
        recent.remember(released, digests: configuration.busSubscribe.count > 1)
        batch.append(contentsOf: released)
        dirty.insert(producer)
    }

    private func handleHeartbeat(_ message: WireMessage) throws(ClaimConflict) {
        guard let heartbeat = message.heartbeat, Endpoint(parsing: heartbeat.replay, defaultMode: .connect) != nil else {
            stats.increment("malformed.heartbeat")
            return logRare("malformed.heartbeat", "malformed heartbeat dropped", ["producer": "\(message.producer)"])
        }
        consumer.peers?.record(message, heartbeat)
        try checkClaims(heartbeat, from: message.producer, epoch: message.epoch)
        var cursor = cursors[message.producer] ?? ProducerCursor(applied: 0, epoch: message.epoch)
        if message.sequence < cursor.applied {
            stats.increment("sequence_went_backwards")
            logRare("sequence_went_backwards", "producer announced a head below what was applied",
                    ["producer": "\(message.producer)", "head": "\(message.sequence)", "applied": "\(cursor.applied)"])
        }
        cursor.knownHead = max(cursor.knownHead, message.sequence)
        cursor.epoch = max(cursor.epoch, message.epoch)
        if cursor.replayEndpoint != heartbeat.replay {
            cursor.replayEndpoint = heartbeat.replay
            cursor.replay = nil
            cursor.failedAttempts = 0
            cursor.retryAfter = nil
        }
        cursors[message.producer] = cursor
    }

    func reject(_ error: EnvelopeError, context: String) {
        stats.increment("malformed.\(error.kind)")
        logRare("malformed.\(error.kind)", "malformed message dropped", ["error": "\(error)", "path": "\(context)"])
    }

    /// Logs the 1st, 2nd, 4th, 8th ... occurrence of a counted problem, so a flood of garbage
    /// is visible without drowning the log.
    func logRare(_ counter: String, _ message: Logger.Message, _ metadata: Logger.Metadata) {
        let count = stats[counter]
        guard count > 0, count & (count - 1) == 0 else { return }
        var metadata = metadata
        metadata["count"] = "\(count)"
        logger.warning(message, metadata: metadata)
    }

    /// Applies `events` with their handlers; returns how many had no handler (skipped).
    private static func apply(_ events: [DeliveredEvent], _ handlers: EventHandlers, _ db: Database) throws -> Int {
        var skipped = 0
        for event in events where try !handlers.apply(db, event) { skipped += 1 }
        return skipped
    }

    private func applyIsolatingFailures(
        _ events: [DeliveredEvent], offsets: [(String, UInt64, UInt64)]
    ) throws -> (failures: Int, skipped: Int) {
        let handlers = consumer.handlers
        return try consumer.database.write { db in
            var failures = 0
            var skipped = 0
            for event in events {
                do {
                    try db.inSavepoint {
                        skipped += try ConsumerSession.apply([event], handlers, db)
                        return .commit
                    }
                } catch {
                    failures += 1
                    logger.error("event dead-lettered: its handler failed",
                                 metadata: ["producer": "\(event.producer)", "sequence": "\(event.sequence)", "error": "\(error)"])
                    try Inbox.deadLetter(db, event: event, error: error, at: consumer.clock.now())
                }
            }
            for (producer, sequence, epoch) in offsets {
                try Inbox.saveOffset(db, producer: producer, sequence: sequence, epoch: epoch, at: consumer.clock.now())
            }
            return (failures, skipped)
        }
    }

    /// Commits the batch and the offsets it moved in one transaction.
    func flush() {
        guard !batch.isEmpty || !dirty.isEmpty else { return }
        let events = batch
        let offsets = dirty.map { ($0, cursors[$0]!.applied, cursors[$0]!.epoch) }
        let handlers = consumer.handlers
        do {
            let outcome: (failures: Int, skipped: Int)
            do {
                // Fast path: the whole batch in one transaction with no per-event savepoint.
                outcome = (0, try consumer.database.write { db in
                    let skipped = try ConsumerSession.apply(events, handlers, db)
                    for (producer, sequence, epoch) in offsets {
                        try Inbox.saveOffset(db, producer: producer, sequence: sequence, epoch: epoch, at: consumer.clock.now())
                    }
                    return skipped
                })
            } catch {
                // A handler failed: that transaction rolled back. Redo the batch event by event,
                // dead-lettering the ones that fail, so one bad event cannot block the rest.
                outcome = try applyIsolatingFailures(events, offsets: offsets)
            }
            for (producer, sequence, _) in offsets { cursors[producer]?.committed = sequence }
            stats.increment("applied", by: events.count - outcome.failures)
            stats.increment("dead_lettered", by: outcome.failures)
            stats.increment("skipped.unknown_type", by: outcome.skipped)
        } catch {
            // Nothing was applied: fall back to what is committed; replays will bring the rest.
            logger.error("consumer commit failed", metadata: ["error": "\(error)", "events": "\(events.count)"])
            stats.increment("commit_failed")
            for producer in dirty {
                guard var cursor = cursors[producer] else { continue }
                cursor.applied = cursor.committed
                cursor.pending.removeAll()
                // A replay in flight was asked relative to the lost batch; its END must not count.
                cursor.replay = nil
                cursors[producer] = cursor
            }
        }
        batch.removeAll(keepingCapacity: true)
        dirty.removeAll(keepingCapacity: true)
    }
}
