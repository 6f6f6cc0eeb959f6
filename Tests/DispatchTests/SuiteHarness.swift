import Foundation
import GRDB
import Logging
import Messaging
import ServiceKit
import StoreKit
import Synchronization
import TestKit
import WhistleBus
import WhistleDispatch
import WhistleIntake
import WhistleMediation
import ZeroMQ

/// Bus, intake, dispatch, mediation and a watcher of `task.`, `status.` and `mediation.` topics, in this process on loopback.
final class SuiteHarness: Sendable {
    let directory: TemporaryDirectory
    let context: ZMQContext
    let bus: Bus
    let intake: IntakeServices
    let dispatch: DispatchServices
    let mediation: MediationServices
    let watcher: InboxConsumer
    let seen = Seen()
    let tasks: Mutex<[Task<Void, any Error>]>
    let ingest: String
    let commands: String

    init() async throws {
        directory = try TemporaryDirectory("dispatch")
        context = try ZMQContext()
        let logger = Logger(label: "dispatch-test")
        bus = Bus(configuration: BusConfiguration(bus: BusAddresses(publish: "tcp://127.0.0.1:*", subscribe: "tcp://127.0.0.1:*")),
                  context: context, logger: logger)
        var tasks = [Task { [bus] in try await bus.run() }]
        let addresses = try await bus.bound.value.get()
        intake = try IntakeServices(
            configuration: IntakeConfiguration(bus: addresses, intake: .init(ingest: "tcp://127.0.0.1:*", producer: "intake-1", replay: nil),
                                               dataDirectory: directory.path("intake")),
            context: context, logger: logger)
        dispatch = try DispatchServices(
            configuration: DispatchConfiguration(bus: addresses, dispatch: .init(commands: "tcp://127.0.0.1:*", producer: "dispatch-1"),
                                                 dataDirectory: directory.path("dispatch")),
            context: context, logger: logger)
        mediation = try MediationServices(
            configuration: MediationConfiguration(bus: addresses, mediation: .init(producer: "mediation-1"),
                                                  dataDirectory: directory.path("mediation")),
            context: context, logger: logger)
        var migrator = DatabaseMigrator()
        Inbox.registerMigrations(in: &migrator)
        let seen = self.seen
        watcher = InboxConsumer(
            configuration: ConsumerConfiguration(name: "watcher", busSubscribe: addresses.subscribe, prefixes: ["task.", "status.", "mediation."]),
            database: try StoreDatabase.open(.inMemory, migrator: migrator, logger: logger), context: context, logger: logger
        ) { _, event in seen.append(event) }
        for service in intake.all + dispatch.all + mediation.all + [watcher] as [any ServiceLifecycleRunnable] {
            tasks.append(Task { try await service.run() })
        }
        self.tasks = Mutex(tasks)
        ingest = try await intake.ingest.endpoint.value.get()
        commands = try await dispatch.commands.endpoint.value.get()
        _ = try await dispatch.consumer.subscribed.value.get()
        _ = try await mediation.consumer.subscribed.value.get()
        _ = try await watcher.subscribed.value.get()
    }

    func stop() async {
        for task in tasks.withLock({ $0 }) { task.cancel() }
        bus.terminate()
        for task in tasks.withLock({ $0 }) { _ = try? await task.value }
        directory.remove()
    }

    /// One request frame to a REQ/REP-style endpoint, answered as JSON.
    func ask(_ address: String, _ payload: Data) async throws -> [String: String] {
        let reply = try await ReplyClient.ask(address, [payload], context: context)
        let object = try JSONSerialization.jsonObject(with: reply) as? [String: Any] ?? [:]
        return object.compactMapValues { $0 as? String }
    }

    func report(_ id: String, category: String, grid: String) async throws -> String {
        let event = CloudEvent(id: id, source: "/apps/resident/r-001", type: "whistle.report.resident",
                               data: .object(["category": .string(category), "grid": .string(grid), "reporter": .string("r-001")]))
        let reply = try await ask(ingest, try event.encoded())
        guard reply["status"] == "accepted", let caseID = reply["case"] else { throw TestFailure("report refused: \(reply)") }
        return caseID
    }

    func command(_ department: String, _ task: String, _ action: String, reason: String? = nil) async throws -> [String: String] {
        var body = ["department": department, "task": task, "action": action]
        body["reason"] = reason
        return try await ask(commands, try JSONSerialization.data(withJSONObject: body))
    }
}

/// Events the watcher saw, readable from the test.
final class Seen: Sendable {
    private let events = Mutex<[DeliveredEvent]>([])
    func append(_ event: DeliveredEvent) { events.withLock { $0.append(event) } }
    var all: [DeliveredEvent] { events.withLock { $0 } }
    func types(for caseID: String) -> [String] {
        all.filter { $0.topic.hasPrefix("status.") && $0.event.subject == caseID }.map(\.event.type)
    }
}

typealias ServiceLifecycleRunnable = ServiceLifecycle.Service
import ServiceLifecycle
