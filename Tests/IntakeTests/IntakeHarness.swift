import Foundation
import GRDB
import Logging
import Messaging
import ServiceKit
import StoreKit
import Synchronization
import TestKit
import WhistleBus
@testable import WhistleIntake
import ZeroMQ

/// Bus, intake and a `case.` consumer running in this process on loopback, with a temporary data folder.
final class IntakeHarness: Sendable {
    let directory: TemporaryDirectory
    let context: ZMQContext
    let bus: Bus
    let intake: IntakeServices
    let consumer: InboxConsumer
    let received = EventCollector()
    let tasks: Mutex<[Task<Void, any Error>]>
    let ingestAddress: String

    init() async throws {
        directory = try TemporaryDirectory("intake")
        context = try ZMQContext()
        let logger = Logger(label: "intake-test")
        bus = Bus(configuration: BusConfiguration(bus: BusAddresses(publish: "tcp://127.0.0.1:*", subscribe: "tcp://127.0.0.1:*")),
                  context: context, logger: logger)
        var tasks = [Task { [bus] in try await bus.run() }]
        let addresses = try await bus.bound.value.get()
        intake = try IntakeServices(
            configuration: IntakeConfiguration(
                bus: addresses, intake: .init(ingest: "tcp://127.0.0.1:*", producer: "intake-test", replay: nil),
                dataDirectory: directory.path("intake")),
            context: context, logger: logger)
        var migrator = DatabaseMigrator()
        Inbox.registerMigrations(in: &migrator)
        let received = self.received
        consumer = InboxConsumer(
            configuration: ConsumerConfiguration(name: "case-watcher", busSubscribe: addresses.subscribe, prefixes: ["case."]),
            database: try StoreDatabase.open(.inMemory, migrator: migrator, logger: logger), context: context, logger: logger
        ) { _, event in received.append(event) }
        tasks += [Task { [relay = intake.relay] in try await relay.run() }, Task { [server = intake.ingest.server] in try await server.run() },
                  Task { [consumer] in try await consumer.run() }]
        self.tasks = Mutex(tasks)
        ingestAddress = try await intake.ingest.endpoint.value.get()
        _ = try await consumer.subscribed.value.get()
    }

    func stop() async {
        consumer.stop()
        intake.relay.stop()
        bus.terminate()
        for task in tasks.withLock({ $0 }) { task.cancel(); _ = try? await task.value }
        directory.remove()
    }

    var cases: [DeliveredEvent] { received.all }

    func caseCount() throws -> Int {
        try intake.store.database.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM intake_case") ?? 0 }
    }

    /// Sends frames from a DEALER (or a REQ) and returns the decoded reply.
    func request(_ frames: [Data], useREQ: Bool = false) async throws -> (reply: IngestReply, bytes: Data) {
        let bytes = try await ReplyClient.ask(ingestAddress, frames, socketType: useREQ ? .req : .dealer, context: context)
        return (try JSONDecoder().decode(IngestReply.self, from: bytes), bytes)
    }

    func request(_ event: CloudEvent, useREQ: Bool = false) async throws -> (reply: IngestReply, bytes: Data) {
        try await request([try event.encoded()], useREQ: useREQ)
    }
}

func report(_ id: String, category: String, _ data: [String: JSONValue] = [:]) -> CloudEvent {
    CloudEvent(id: id, source: "/apps/resident", type: "whistle.report.resident",
               data: .object(["category": .string(category), "reporter": .string("r-001")].merging(data) { $1 }))
}

/// Events a consumer handler saw, readable from the test.
final class EventCollector: Sendable {
    private let events = Mutex<[DeliveredEvent]>([])
    func append(_ event: DeliveredEvent) { events.withLock { $0.append(event) } }
    var all: [DeliveredEvent] { events.withLock { $0 } }
}
