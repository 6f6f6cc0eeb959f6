import Foundation
import Testing
import TestKit
#if canImport(Glibc)
import Glibc
#endif

/// Nothing is lost, nothing is doubled, nothing is reordered, whichever process dies.
/// Every test ends with the checker's verdict: `lost=0 duplicated=0 out_of_order=0`.
@Suite("Delivery under crashes", .serialized)
struct CrashRecoveryTests {
    @Test("(a) consumer kill -9'd at random moments, five times, during 10,000 events")
    func consumerKilledRepeatedly() async throws {
        let harness = try await DeliveryHarness.running("consumer-kill")
        defer { harness.stopAll() }
        let producer = try await harness.startProducer(count: 10_000, rate: 2000)
        for _ in 0..<5 {
            try await DeliveryHarness.randomPause(300, 800)
            try await harness.crash(harness.consumer)
            try await harness.startConsumer()
        }
        try await harness.expectClean(after: producer, expected: 10_000)
    }

    @Test("(b) producer kill -9'd five times: every committed event arrives once, nothing uncommitted appears")
    func producerKilledRepeatedly() async throws {
        let harness = try await DeliveryHarness.running("producer-kill")
        defer { harness.stopAll() }
        var producer = try await harness.startProducer(count: 10_000, rate: 2000)
        for _ in 0..<5 {
            try await DeliveryHarness.randomPause(300, 800)
            try await harness.crash(producer)
            producer = try await harness.startProducer(count: 10_000, rate: 2000)
        }
        try await harness.expectClean(after: producer, expected: 10_000)
        #expect(try harness.producedCount() == 10_000)
    }

    @Test("(c) a consumer that starts after 10,000 events were published catches up on all of them")
    func lateConsumerCatchesUp() async throws {
        let harness = try DeliveryHarness("late-consumer")
        defer { harness.stopAll() }
        try await harness.startBus()
        let producer = try await harness.startProducer(count: 10_000, rate: 0, batch: 200)
        try await producer.waitForLine(startingWith: "PRODUCED", timeout: .seconds(60))
        try await harness.startConsumer()
        try await harness.expectClean(after: producer, expected: 10_000)
        #expect(try harness.appliedCount() == 10_000)
    }

    @Test("a late consumer of one prefix gets exactly the matching half, skipping the rest by replay")
    func filteredLateConsumer() async throws {
        let harness = try await DeliveryHarness.running("filtered-consumer", consumer: ["--prefix", "probe.even."])
        defer { harness.stopAll() }
        let producer = try await harness.startProducer(count: 4000, rate: 2000)
        try await DeliveryHarness.randomPause(500, 900)
        try await harness.crash(harness.consumer)
        try await harness.startConsumer(extra: ["--prefix", "probe.even."])
        try await harness.expectClean(after: producer, expected: 2000, prefix: "probe.even.")
    }

    @Test("(d) the bus kill -9'd and restarted mid-stream")
    func busRestartedMidStream() async throws {
        let harness = try await DeliveryHarness.running("bus-restart")
        defer { harness.stopAll() }
        let producer = try await harness.startProducer(count: 10_000, rate: 2000)
        for _ in 0..<2 {
            try await DeliveryHarness.randomPause(700, 1200)
            try await harness.crash(harness.bus)
            try await DeliveryHarness.randomPause(100, 400)
            try await harness.startBus()
        }
        try await harness.expectClean(after: producer, expected: 10_000)
    }

    @Test("(g) two buses, one kill -9'd for good mid-stream: every event once and in order, and no wait on the dead bus")
    func redundantBusLostForGood() async throws {
        let harness = try await DeliveryHarness.running("two-buses", buses: 2)
        defer { harness.stopAll() }
        let producer = try await harness.startProducer(count: 10_000, rate: 2000)
        try await eventually("both buses delivered: second copies were dropped", timeout: .seconds(10)) {
            try harness.appliedCount() > 500 && (harness.consumerStats()["duplicate"] ?? 0) > 500
        }
        try await harness.crash(harness.bus)             // for good: never restarted
        let appliedAtKill = try harness.appliedCount()
        // On one bus this would wait for the bus to return; a gap would wait for a heartbeat (200 ms here) and a replay.
        try await eventually("the consumer applied 500 more within a second of the kill", timeout: .seconds(1)) {
            try harness.appliedCount() >= appliedAtKill + 500
        }
        try await harness.expectClean(after: producer, expected: 10_000)
    }

    @Test("(e) the consumer SIGSTOPped for 5 s under load, then resumed")
    func consumerFrozenUnderLoad() async throws {
        let harness = try await DeliveryHarness.running("consumer-stop")
        defer { harness.stopAll() }
        let producer = try await harness.startProducer(count: 10_000, rate: 2000)
        try await DeliveryHarness.randomPause(500, 800)
        harness.consumer?.signal(SIGSTOP)
        try await Task.sleep(for: .seconds(5)) // the freeze itself is the scenario, not a wait for a result
        harness.consumer?.signal(SIGCONT)
        try await harness.expectClean(after: producer, expected: 10_000)
    }

    @Test("(f) the outbox pruned to empty, then new events: the sequence continues and consumers accept them")
    func sequenceContinuesAfterPrune() async throws {
        let harness = try await DeliveryHarness.running("prune")
        defer { harness.stopAll() }
        let first = try await harness.startProducer(count: 3000, rate: 0, batch: 100)
        try await first.waitForLine(startingWith: "PRODUCED", timeout: .seconds(60))
        try await eventually("the first 3,000 arrive") { try harness.appliedCount() == 3000 }
        first.signal(SIGTERM)
        #expect(try await first.waitForExit() == 0)
        // Pruned only once every event was delivered: pruning what the relay has yet to send would lose it.
        #expect(try ProbeDatabase.pruneOutbox(harness.producerDB) == 3000)
        let second = try await harness.startProducer(count: 6000, rate: 0, batch: 100)
        try await harness.expectClean(after: second, expected: 6000)
        let sequences = try ProbeDatabase.sequences(harness.producerDB)
        #expect(sequences.min() == 1 && sequences.max() == 6000 && Set(sequences).count == 6000)
    }
}
