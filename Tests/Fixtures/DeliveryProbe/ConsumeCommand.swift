import ArgumentParser
import Foundation
import GRDB
import Logging
import Messaging
import ServiceKit
import ServiceLifecycle
import ZeroMQ

struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume", abstract: "Apply probe events exactly once and print delivery counters.")

    @OptionGroup var place: ProbePlace
    @Option(help: "Consumer name.") var name = "probe-consumer"
    @Option(help: "Topic prefix to subscribe to (repeatable).") var prefix: [String] = ["probe."]
    @Option(help: "Accept only these producers (repeatable); default any.") var producer: [String] = []

    func run() async throws {
        let logger = ServiceRunner.bootstrapLogging(label: "probe-consumer", level: .notice)
        let database = try ProbeStore.consumer(path: place.db, logger: logger)
        let configuration = ConsumerConfiguration(
            name: name, busSubscribe: place.bus, prefixes: prefix, producers: producer.isEmpty ? nil : producer,
            replayTimeoutMilliseconds: 1000)
        var handlers = EventHandlers()
        handlers.on(ProbeEvent.self) { db, received in
            try db.execute(
                sql: "INSERT INTO probe_received (producer, sequence, idx, topic) VALUES (?, ?, ?, ?)",
                arguments: [received.producer, Int64(received.sequence), received.event.index, received.topic])
        }
        let consumer = InboxConsumer(
            configuration: configuration, database: database, context: try ZMQContext(), logger: logger, handlers: handlers)
        try await ServiceRunner.run([consumer, StatsPrinter(consumer: consumer)], logger: logger)
    }
}

/// Announces readiness, then prints `STATS {json}` with the consumer's counters five times a second.
struct StatsPrinter: Service {
    let consumer: InboxConsumer

    func run() async throws {
        guard case .success = await consumer.subscribed.value else { return }
        ServiceRunner.announceReady("consumer")
        while !Task.isShuttingDownGracefully {
            let json = try JSONEncoder().encode(consumer.stats.snapshot())
            ServiceRunner.emit("STATS " + String(decoding: json, as: UTF8.self))
            try? await Task.sleep(for: .milliseconds(200))
        }
    }
}
