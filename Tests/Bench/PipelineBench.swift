import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import ServiceLifecycle
import StoreKit
import Synchronization
import ServiceKit
import WhistleBus
import ZeroMQ
import Credentials

/// The real thing in one process: the bus proxy, an outbox relay over a SQLite file, and an inbox
/// consumer over another SQLite file, each on its own socket thread, over loopback tcp — plaintext, or
/// with every socket CURVE-secured, a ZAP handler admitting each connection and the bus checking every
/// message's producer, as a suite with keys runs. With `buses: 2`, two bus proxies: the relay publishes to both and
/// the consumer subscribes from both, keeping the first copy of each event (redundant buses).
final class PipelineBench {
    let directory: URL
    let payloadBytes: Int
    let context: ZMQContext
    /// The keys folder and the ZAP handler's allow-list when secured.
    let keys: KeyDirectory?
    let zap: ZAPHandler?
    let zapTask: Task<Void, any Error>?
    let buses: [Bus]
    let busTasks: [Task<Void, any Error>]
    let addresses: [BusAddresses]
    let logger = Logger(label: "bench")
    var runs = 0

    init(directory: URL, payloadBytes: Int, secured: Bool = false, buses count: Int = 1) async throws {
        self.directory = directory
        self.payloadBytes = payloadBytes
        context = try ZMQContext(ioThreads: 1)
        var busSecurity = SocketSecurity.plaintext
        if secured {
            let keys = KeyDirectory(directory.appendingPathComponent("keys").path)
            for (identity, role) in [("bus", Role.service), ("bench-consumer", .operator)] {
                try keys.create(identity: identity, role: role, at: Date())
            }
            let zap = try ZAPHandler(context: context, keyRing: try KeyRing(keys), logger: logger)
            (self.keys, self.zap, zapTask) = (keys, zap, Task { try await zap.run() })
            busSecurity = try SocketSecurity(keys: keys.path, identity: "bus", keyRing: zap.allowList)
        } else {
            (keys, zap, zapTask) = (nil, nil, nil)
        }
        let context = self.context
        let made = (0..<count).map { _ in
            Bus(addresses: BusAddresses(publish: "tcp://127.0.0.1:*", subscribe: "tcp://127.0.0.1:*"), context: context,
                security: busSecurity, logger: Logger(label: "bench"))
        }
        buses = made
        busTasks = made.map { bus in Task { try await bus.run() } }
        var bound: [BusAddresses] = []
        for bus in buses { bound.append(try await bus.bound.value.get()) }
        addresses = bound
    }

    func shutdown() async {
        for bus in buses { bus.terminate() }
        for task in busTasks { _ = try? await task.value }
        zap?.stop()
        _ = try? await zapTask?.value
    }

    /// The sockets' security for `identity` (a producer gets a service key named as it is, made here).
    func security(_ identity: String, producer: Bool) throws -> SocketSecurity {
        guard let keys, let zap else { return .plaintext }
        if producer, zap.allowList.certificate(identity: identity) == nil {
            try keys.create(identity: identity, role: .service, at: Date())
            try zap.allowList.reload()
        }
        return try SocketSecurity(keys: keys.path, identity: identity, keyRing: zap.allowList)
    }

    /// A producer store with its relay running; returns the outbox, the store and the relay's task.
    func startProducer(_ name: String) async throws -> (Outbox, any DatabaseWriter, OutboxRelay, Task<Void, any Error>) {
        var migrator = DatabaseMigrator()
        Outbox.registerMigrations(in: &migrator)
        let database = try StoreDatabase.open(.file(directory.appendingPathComponent("\(name).sqlite").path), migrator: migrator, logger: logger)
        let outbox = try Outbox(producer: name, service: "bench")
        let relay = OutboxRelay(outbox: outbox, database: database, context: context,
                                configuration: RelayConfiguration(busPublish: addresses.map(\.publish)),
                                security: try security(name, producer: true), logger: logger)
        let task = Task { try await relay.run() }
        _ = try await relay.replayEndpoint.value.get()
        return (outbox, database, relay, task)
    }

    /// A consumer whose handler writes one row per event and records latency from the event's `t`.
    func startConsumer(_ name: String, latencies: LatencyLog) async throws -> (InboxConsumer, Task<Void, any Error>) {
        var migrator = DatabaseMigrator()
        Inbox.registerMigrations(in: &migrator)
        migrator.registerMigration("bench-v1") { db in
            try db.execute(sql: "CREATE TABLE bench_applied (sequence INTEGER PRIMARY KEY, topic TEXT NOT NULL)")
        }
        let database = try StoreDatabase.open(.file(directory.appendingPathComponent("\(name).sqlite").path), migrator: migrator, logger: logger)
        var handlers = EventHandlers()
        handlers.on(BenchEvent.self) { db, received in
            try db.cachedStatement(sql: "INSERT INTO bench_applied (sequence, topic) VALUES (?, ?)")
                .execute(arguments: [Int64(received.sequence), received.topic])
            latencies.record(nowMicroseconds() - received.event.t)
        }
        let consumer = InboxConsumer(
            configuration: ConsumerConfiguration(name: name, busSubscribe: addresses.map(\.subscribe), prefixes: ["bench."]),
            database: database, context: context, security: try security("bench-consumer", producer: false), logger: logger, handlers: handlers)
        let task = Task { try await consumer.run() }
        _ = try await consumer.subscribed.value.get()
        return (consumer, task)
    }

    static func event(_ lane: String, padding: String) -> BenchEvent {
        BenchEvent(t: nowMicroseconds(), p: padding, topic: Topic(segments: ["bench", lane, "s01", "c01"]))
    }

    /// Padding that makes each encoded event `payloadBytes` long, envelope included.
    var padding: String {
        let bare = CloudEvent(id: "b100000", source: "/whistle/bench/producer-t1", type: BenchEvent.eventTypes[0], time: Date(),
                              data: try? JSONValueEncoder().encode(PipelineBench.event("t", padding: "")))
        return String(repeating: "x", count: max(0, payloadBytes - ((try? bare.encoded().count) ?? 120)))
    }

    func waitApplied(_ consumer: InboxConsumer, _ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while consumer.stats["applied"] < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
    }

    func stop(_ consumer: InboxConsumer, _ consumerTask: Task<Void, any Error>, _ relay: OutboxRelay, _ relayTask: Task<Void, any Error>) async {
        consumer.stop()
        relay.stop()
        _ = try? await consumerTask.value
        _ = try? await relayTask.value
    }

    /// A fresh consumer and producer for run `lane` (`t`, `l`), connected before timing starts.
    func startPair(_ lane: String, latencies: LatencyLog) async throws
        -> (InboxConsumer, Task<Void, any Error>, Outbox, any DatabaseWriter, OutboxRelay, Task<Void, any Error>) {
        runs += 1
        let (consumer, consumerTask) = try await startConsumer("consumer-\(lane)\(runs)", latencies: latencies)
        let (outbox, database, relay, relayTask) = try await startProducer("producer-\(lane)\(runs)")
        try await Task.sleep(for: .milliseconds(300)) // the PUB→bus connection forms before timing starts
        return (consumer, consumerTask, outbox, database, relay, relayTask)
    }

    /// Producer commits batches as fast as it can; measured until the consumer has applied all.
    func throughput(events: Int, batch: Int) async throws -> Measurement {
        let latencies = LatencyLog()
        let (consumer, consumerTask, outbox, database, relay, relayTask) = try await startPair("t", latencies: latencies)
        let padding = self.padding
        let (start, cpu) = (nowMicroseconds(), processCPUMicroseconds())
        var written = 0
        while written < events {
            let count = min(batch, events - written)
            let first = written
            try await database.write { db in
                for index in first..<(first + count) { try outbox.append(db, PipelineBench.event("t", padding: padding), id: "b\(index)", time: Date()) }
            }
            written += count
        }
        try await waitApplied(consumer, events)
        let (seconds, used) = ((nowMicroseconds() - start) / 1e6, processCPUMicroseconds() - cpu)
        await stop(consumer, consumerTask, relay, relayTask)
        return Measurement(events: consumer.stats["applied"], seconds: seconds, latenciesMicroseconds: latencies.all, cpuMicroseconds: used)
    }

    /// Reuses the last throughput producer's outbox: a fresh consumer replays all of it. Timed, like JetStream's
    /// durable consumer, from when the consumer knows its producer (its first replay request, sent on the producer's
    /// first heartbeat) to the last event applied; how long finding the producer took is returned beside it.
    func catchUp(events: Int) async throws -> (Measurement, found: Double) {
        let (_, _, relay, relayTask) = try await startProducer("producer-t\(runs)")  // the throughput run's store
        let (consumer, consumerTask) = try await startConsumer("consumer-catchup", latencies: LatencyLog())
        let subscribed = nowMicroseconds()
        let deadline = ContinuousClock.now + .seconds(30)
        while consumer.stats["replay_requested"] == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .microseconds(200)) }
        let (start, cpu) = (nowMicroseconds(), processCPUMicroseconds())
        try await waitApplied(consumer, events)
        let (seconds, used) = ((nowMicroseconds() - start) / 1e6, processCPUMicroseconds() - cpu)
        await stop(consumer, consumerTask, relay, relayTask)
        return (Measurement(events: consumer.stats["applied"], seconds: seconds, cpuMicroseconds: used), (start - subscribed) / 1000)
    }

    /// One event per transaction at a steady rate: end-to-end latency from before the commit to the apply.
    func latency(rate: Int, seconds: Int) async throws -> Measurement {
        let latencies = LatencyLog()
        let (consumer, consumerTask, outbox, database, relay, relayTask) = try await startPair("l", latencies: latencies)
        let total = rate * seconds
        let padding = self.padding
        let start = ContinuousClock.now
        for index in 0..<total {
            try await database.write { db in _ = try outbox.append(db, PipelineBench.event("l", padding: padding), id: "l\(index)", time: Date()) }
            let due = start + .seconds(Double(index + 1) / Double(rate))
            if due > .now { try await Task.sleep(until: due) }
        }
        try await waitApplied(consumer, total)
        let elapsed = start.duration(to: .now) / .seconds(1)
        await stop(consumer, consumerTask, relay, relayTask)
        return Measurement(events: total, seconds: elapsed, latenciesMicroseconds: latencies.all)
    }
}

/// Latencies recorded by consumer handlers on the consumer's thread, read afterwards.
final class LatencyLog: Sendable {
    private let values = Mutex<[Double]>([])
    func record(_ microseconds: Double) { values.withLock { $0.append(microseconds) } }
    var all: [Double] { values.withLock { $0 } }
}

/// The benchmark's event: the time it was made (µs, for latency) and padding to give it a size.
struct BenchEvent: EventContract {
    static let eventTypes = ["whistle.bench"]
    static let summary = "A benchmark event."
    var t: Double
    var p: String
    var topic = Topic(segments: ["bench", "t"])

    enum CodingKeys: String, CodingKey { case t, p }
}
