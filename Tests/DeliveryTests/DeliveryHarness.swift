import Foundation
import GRDB
import Testing
import TestKit
#if canImport(Glibc)
import Glibc
#endif

/// One or more buses, a probe producer and a probe consumer as real processes on loopback, in a
/// temporary folder, with helpers to crash, freeze and restart them and to run the checker. With several
/// buses the producer publishes to all and the consumer subscribes from all.
final class DeliveryHarness: @unchecked Sendable {
    let directory: TemporaryDirectory
    /// Each bus's publish and subscribe ports.
    let ports: [(publish: Int, subscribe: Int)]
    private(set) var buses: [TestProcess?]
    private(set) var producer: TestProcess?
    private(set) var consumer: TestProcess?
    var producerDB: String { directory.path("producer.sqlite") }
    var consumerDB: String { directory.path("consumer.sqlite") }
    /// The first bus.
    var bus: TestProcess? { buses[0] }
    var publishAddresses: [String] { ports.map { "tcp://127.0.0.1:\($0.publish)" } }
    var subscribeAddresses: [String] { ports.map { "tcp://127.0.0.1:\($0.subscribe)" } }
    var publishAddress: String { publishAddresses[0] }
    var subscribeAddress: String { subscribeAddresses[0] }

    init(_ name: String, buses count: Int = 1) throws {
        directory = try TemporaryDirectory(name)
        ports = (0..<count).map { _ in (freeTCPPort(), freeTCPPort()) }
        buses = Array(repeating: nil, count: count)
    }

    deinit { stopAll() }

    func stopAll() {
        for process in ([consumer, producer] + buses).compactMap({ $0 }) { process.terminateHard() }
        directory.remove()
    }

    /// Starts bus `index` (the first unless told) on its own two ports.
    func startBus(_ index: Int = 0) async throws {
        let bus = try TestProcess("whistle-bus", environment: [
            "WHISTLE_BUS__PUBLISH": publishAddresses[index], "WHISTLE_BUS__SUBSCRIBE": subscribeAddresses[index],
        ], name: index == 0 ? "bus" : "bus-\(index + 1)")
        buses[index] = bus
        try await bus.waitForLine(startingWith: "READY bus")
    }

    @discardableResult
    func startProducer(count: Int = 10_000, rate: Int = 2000, batch: Int = 20, extra: [String] = []) async throws -> TestProcess {
        let producer = try TestProcess("delivery-probe", [
            "produce", "--db", producerDB] + publishAddresses.flatMap { ["--bus", $0] } + ["--count", "\(count)", "--rate", "\(rate)",
            "--batch", "\(batch)",
        ] + extra, name: "producer")
        self.producer = producer
        try await producer.waitForLine(startingWith: "READY producer")
        return producer
    }

    @discardableResult
    func startConsumer(extra: [String] = []) async throws -> TestProcess {
        let consumer = try TestProcess(
            "delivery-probe", ["consume", "--db", consumerDB] + subscribeAddresses.flatMap { ["--bus", $0] } + extra, name: "consumer")
        self.consumer = consumer
        try await consumer.waitForLine(startingWith: "READY consumer")
        return consumer
    }

    /// Distinct event indexes the consumer has committed so far (read-only, beside the running process).
    func appliedCount() throws -> Int {
        guard FileManager.default.fileExists(atPath: consumerDB) else { return 0 }
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: consumerDB, configuration: configuration).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT idx) FROM probe_received") ?? 0
        }
    }

    func producedCount() throws -> Int {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: producerDB, configuration: configuration).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM probe_sent") ?? 0
        }
    }

    /// Waits until the consumer has applied `expected` events, stops it gracefully, and runs the
    /// checker; returns its verdict line (`lost=0 duplicated=0 out_of_order=0` when all is well).
    func settleAndCheck(expected: Int, prefix: String = "probe.", timeout: Duration = .seconds(90)) async throws -> (line: String, exit: Int32) {
        try await eventually("the consumer applied \(expected) events", timeout: timeout) {
            try appliedCount() >= expected
        }
        consumer?.signal(SIGTERM)
        try await consumer?.waitForExit()
        let check = try TestProcess("delivery-probe", [
            "check", "--producer-db", producerDB, "--consumer-db", consumerDB, "--prefix", prefix,
        ], name: "check")
        let exit = try await check.waitForExit()
        let line = check.lastLine(startingWith: "lost=") ?? "checker printed nothing: \(check.output) \(check.recentLog)"
        print("[\(directory.url.lastPathComponent)] \(check.output.joined(separator: " | "))")
        return (line, exit)
    }

    /// A harness with its buses and a consumer running (with `consumer` arguments), for a test named `name`.
    static func running(_ name: String, buses: Int = 1, consumer: [String] = []) async throws -> DeliveryHarness {
        let harness = try DeliveryHarness(name, buses: buses)
        for index in 0..<buses { try await harness.startBus(index) }
        try await harness.startConsumer(extra: consumer)
        return harness
    }

    /// Once `producer` has produced everything, the consumer must hold exactly the `expected` events
    /// under `prefix`: nothing lost, nothing twice, nothing out of order.
    func expectClean(after producer: TestProcess, expected: Int, prefix: String = "probe.") async throws {
        try await producer.waitForLine(startingWith: "PRODUCED", timeout: .seconds(60))
        let verdict = try await settleAndCheck(expected: expected, prefix: prefix)
        #expect(verdict.line == "lost=0 duplicated=0 out_of_order=0")
        #expect(verdict.exit == 0)
    }

    /// Kills a process with `kill -9` and waits until it is gone.
    func crash(_ process: TestProcess?) async throws {
        process?.signal(SIGKILL)
        try await process?.waitForExit()
    }

    /// Counters from the consumer's latest `STATS` line.
    func consumerStats() throws -> [String: Int] {
        guard let line = consumer?.lastLine(startingWith: "STATS ") else { return [:] }
        return try JSONDecoder().decode([String: Int].self, from: Data(line.dropFirst(6).utf8))
    }

    /// A random pause between `low` and `high` milliseconds.
    static func randomPause(_ low: Int, _ high: Int) async throws {
        try await Task.sleep(for: .milliseconds(Int.random(in: low...high)))
    }
}
