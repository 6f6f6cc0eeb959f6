import Envelope
import Foundation
import GRDB
import Logging
import Testing
import TestKit
import ZeroMQ
@testable import Messaging
@testable import StoreKit

@Suite("Two different events under one producer and sequence: a conflict, never a silent duplicate", .serialized)
struct ConflictTests {
    @Test("a second producer publishing under the first one's name and sequence is counted and logged as a conflict, not applied")
    func forgedSequence() async throws {
        let logger = Logger(label: "test")
        let context = try ZMQContext()
        let directory = try TemporaryDirectory("conflict")
        defer { directory.remove() }
        let bus = try TestBus(context: context)
        func producer(_ file: String) throws -> (any DatabaseWriter, Outbox, OutboxRelay) {
            var migrations = DatabaseMigrator()
            Outbox.registerMigrations(in: &migrations)
            let store = try StoreDatabase.open(.file(directory.path(file)), migrator: migrations, logger: logger)
            let outbox = try Outbox(producer: "twin-1", service: "test")
            let relay = OutboxRelay(outbox: outbox, database: store, context: context,
                                    configuration: RelayConfiguration(busPublish: [bus.publish], heartbeatIntervalMilliseconds: 100), logger: logger)
            return (store, outbox, relay)
        }
        var migrations = DatabaseMigrator()
        Inbox.registerMigrations(in: &migrations)
        migrations.registerMigration("notes") { db in try db.execute(sql: "CREATE TABLE note (sequence INTEGER, text TEXT)") }
        let consumerStore = try StoreDatabase.open(.file(directory.path("c.sqlite")), migrator: migrations, logger: logger)
        var handlers = EventHandlers()
        handlers.on(Note.self) { db, received in
            try db.execute(sql: "INSERT INTO note VALUES (?, ?)", arguments: [Int64(received.sequence), received.event.text])
        }
        let consumer = InboxConsumer(configuration: ConsumerConfiguration(name: "c", busSubscribe: [bus.subscribe], prefixes: ["a."]),
                                     database: consumerStore, context: context, logger: logger, handlers: handlers)
        let (genuineStore, genuine, genuineRelay) = try producer("genuine.sqlite")
        var tasks = [Task { try await genuineRelay.run() }, Task { try await consumer.run() }]
        _ = try await consumer.subscribed.value.get()
        try await genuineStore.write { db in _ = try genuine.append(db, Note(text: "genuine"), id: "g1", time: Date()) }
        try await eventually("the genuine event is applied") { try await consumerStore.read(Inbox.offsets)["twin-1"]?.sequence == 1 }

        let (forgerStore, forger, forgerRelay) = try producer("forger.sqlite")
        tasks.append(Task { try await forgerRelay.run() })
        _ = try await forgerRelay.replayEndpoint.value.get()
        // The forger's heartbeat (head 0, below what was applied) shows its messages now reach the consumer.
        try await eventually("the forger is connected through the bus") { consumer.stats["sequence_went_backwards"] > 0 }
        try await forgerStore.write { db in _ = try forger.append(db, Note(text: "forged"), id: "f1", time: Date()) }
        try await eventually("the forgery is refused as a conflict") { consumer.stats["conflict"] == 1 }
        #expect(try await consumerStore.read { try String.fetchAll($0, sql: "SELECT text FROM note") } == ["genuine"])
        #expect(consumer.stats["duplicate"] == 0, "a conflict is not counted as a harmless repeat")
        for relay in [genuineRelay, forgerRelay] { relay.stop() }
        consumer.stop()
        for task in tasks { _ = try? await task.value }
        bus.stop()
    }
}
