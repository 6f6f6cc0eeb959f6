import Envelope
import Foundation
import GRDB
import Logging
import Synchronization
import Testing
import TestKit
import ZeroMQ
@testable import Messaging
@testable import StoreKit

@Suite("A consumer with typed handlers, over real sockets", .serialized)
struct TypedConsumerTests {
    @Test("known types reach their handler typed; an unknown type is counted and skipped; bad data is dead-lettered; the position covers all")
    func typedHandlers() async throws {
        let logger = Logger(label: "test")
        let context = try ZMQContext()
        let directory = try TemporaryDirectory("typed")
        defer { directory.remove() }
        let proxy = try TestBus(context: context)
        var producerMigrations = DatabaseMigrator()
        Outbox.registerMigrations(in: &producerMigrations)
        let producerStore = try StoreDatabase.open(.file(directory.path("p.sqlite")), migrator: producerMigrations, logger: logger)
        let outbox = try Outbox(producer: "typed-1", service: "test")
        let relay = OutboxRelay(outbox: outbox, database: producerStore, context: context,
                                configuration: RelayConfiguration(busPublish: [proxy.publish], heartbeatIntervalMilliseconds: 100), logger: logger)
        var consumerMigrations = DatabaseMigrator()
        Inbox.registerMigrations(in: &consumerMigrations)
        consumerMigrations.registerMigration("notes") { db in try db.execute(sql: "CREATE TABLE note (sequence INTEGER, text TEXT)") }
        let consumerStore = try StoreDatabase.open(.file(directory.path("c.sqlite")), migrator: consumerMigrations, logger: logger)
        var handlers = EventHandlers()
        handlers.on(Note.self) { db, received in
            try db.execute(sql: "INSERT INTO note VALUES (?, ?)", arguments: [Int64(received.sequence), received.event.text])
        }
        let consumer = InboxConsumer(
            configuration: ConsumerConfiguration(name: "typed", busSubscribe: [proxy.subscribe], prefixes: ["a."]),
            database: consumerStore, context: context, logger: logger, handlers: handlers)
        let tasks = [Task { try await relay.run() }, Task { try await consumer.run() }]
        _ = try await consumer.subscribed.value.get()
        try await producerStore.write { db in
            try outbox.append(db, Note(text: "one"), id: "1", time: Date())
            try outbox.append(db, Stranger(), id: "2", time: Date())
            try outbox.append(db, Note(text: "three"), id: "3", time: Date())
        }
        // A Note whose data is not a Note: the consumer cannot read it, keeps it aside, and goes on.
        try await producerStore.write { db in
            try db.execute(sql: "INSERT INTO whistle_outbox (topic, event, created_at) VALUES ('a.b', ?, 0)", arguments: [
                try CloudEvent(id: "4", source: "/x", type: "whistle.test.note", data: ["text": 4]).encoded()])
            try outbox.append(db, Note(text: "five"), id: "5", time: Date())
        }
        try await eventually("all five are accounted for") { try await consumerStore.read(Inbox.offsets)["typed-1"]?.sequence == 5 }
        #expect(try await consumerStore.read { try String.fetchAll($0, sql: "SELECT text FROM note ORDER BY sequence") } == ["one", "three", "five"])
        #expect(consumer.stats["skipped.unknown_type"] == 1)
        #expect(consumer.stats["dead_lettered"] == 1)
        let reason = try await consumerStore.read { try String.fetchOne($0, sql: "SELECT error FROM whistle_dead_letter") }
        #expect(reason == "whistle.test.note: data.text expected a string, found a number")
        consumer.stop()
        relay.stop()
        for task in tasks { _ = try? await task.value }
        proxy.stop()
    }
}

/// A bare XSUB/XPUB proxy for tests that need a bus but not the bus service.
final class TestBus: Sendable {
    let publish: String
    let subscribe: String
    let thread: SocketThread
    let control: String = "inproc://test-bus-\(UUID().uuidString)"
    let context: ZMQContext

    init(context: ZMQContext) throws {
        self.context = context
        let bound = StartupSignal<Result<(String, String), any Error>>()
        let control = self.control
        thread = SocketThread(name: "test-bus") {
            do {
                let frontend = try context.socket(.xsub)
                let backend = try context.socket(.xpub)
                let steer = try context.socket(.pair)
                try steer.attach(.bind(control))
                let addresses = (Endpoint.connectable(boundAddress: try frontend.attach(.bind("tcp://127.0.0.1:*"))),
                                 Endpoint.connectable(boundAddress: try backend.attach(.bind("tcp://127.0.0.1:*"))))
                bound.complete(.success(addresses))
                try Proxy.run(frontend: frontend, backend: backend, control: steer)
            } catch {
                bound.complete(.failure(error))
            }
        }
        while bound.currentValue == nil { Thread.sleep(forTimeInterval: 0.001) }
        (publish, subscribe) = try bound.currentValue!.get()
    }

    func stop() {
        let control = self.control
        SocketThread(name: "test-bus-stop") { [context] in
            guard let pair = try? context.socket(.pair) else { return }
            _ = try? pair.attach(.connect(control))
            try? pair.send([Data("TERMINATE".utf8)])
            pair.close()
        }.join()
        thread.join()
    }
}
