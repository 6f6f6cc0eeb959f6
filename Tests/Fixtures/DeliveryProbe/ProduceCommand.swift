import ArgumentParser
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import ServiceKit
import ServiceLifecycle
import ZeroMQ

struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce", abstract: "Append numbered events to an outbox and relay them; resumes after a crash.")

    @OptionGroup var place: ProbePlace
    @Option(help: "Producer name.") var producer = "probe-producer"
    @Option(help: "Total events to produce (event indexes 1...count).") var count = 10_000
    @Option(help: "Events per transaction.") var batch = 20
    @Option(help: "Events per second (0 = as fast as possible).") var rate = 2000
    @Option(help: "Bytes of padding in each event.") var payloadBytes = 200
    @Option(help: "Milliseconds between the relay's heartbeats.") var heartbeatMilliseconds = 200

    func run() async throws {
        let logger = ServiceRunner.bootstrapLogging(label: "probe-producer", level: .notice)
        let database = try ProbeStore.producer(path: place.db, logger: logger)
        let outbox = try Outbox(producer: producer, service: "probe")
        let relay = OutboxRelay(
            outbox: outbox, database: database, context: try ZMQContext(),
            configuration: RelayConfiguration(busPublish: place.bus, heartbeatIntervalMilliseconds: heartbeatMilliseconds), logger: logger)
        let producing = Producing(command: self, outbox: outbox, database: database, relay: relay)
        try await ServiceRunner.run([relay, producing], logger: logger)
    }
}

/// Appends events at the requested rate until `count`, then keeps the relay serving replays.
struct Producing: Service {
    let command: ProduceCommand
    let outbox: Outbox
    let database: any DatabaseWriter
    let relay: OutboxRelay

    func run() async throws {
        guard case .success(let replay) = await relay.replayEndpoint.value else { return }
        ServiceRunner.announceReady("producer", [("replay", replay)])
        let padding = String(repeating: "x", count: command.payloadBytes)
        var next = try await database.read { db in try Int.fetchOne(db, sql: "SELECT MAX(idx) FROM probe_sent") ?? 0 } + 1
        let start = ContinuousClock.now
        let resumedAt = next
        while next <= command.count, !Task.isShuttingDownGracefully {
            let last = min(next + command.batch - 1, command.count)
            let indexes = next...last
            try await database.write { [outbox] db in
                for index in indexes {
                    let event = ProbeEvent(index: index, padding: padding)
                    let sequence = try outbox.append(db, event, id: "probe-\(index)", time: Date())
                    try db.execute(sql: "INSERT INTO probe_sent (idx, sequence, topic) VALUES (?, ?, ?)",
                                   arguments: [index, Int64(sequence), event.topic.name])
                }
            }
            next = last + 1
            if command.rate > 0 {
                let due = start + .seconds(Double(next - resumedAt) / Double(command.rate))
                if due > .now { try? await Task.sleep(until: due) }
            }
        }
        ServiceRunner.emit("PRODUCED \(next - 1)")
        try? await gracefulShutdown()
    }
}
