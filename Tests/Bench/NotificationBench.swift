import Contracts
import Envelope
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceKit
import Synchronization
import SuiteTestKit
import WhistleIntake
import WhistleNotification
import ZeroMQ

/// Notification end to end, as a resident's phone would feel it: a resident's report goes in at intake's ZeroMQ ingest,
/// intake publishes the case, notification consumes it and POSTs `received` to the resident's webhook — a local HTTP
/// sink here, answering 204. Fifty residents, each with their own webhook; every report its own case.
enum NotificationBench {
    static let residents = 50

    /// When each case's `received` reached the sink (µs).
    final class Sink: Sendable {
        let arrivals = Mutex<[String: Double]>([:])
        var count: Int { arrivals.withLock { $0.count } }
        func arrival(_ caseID: String) -> Double? { arrivals.withLock { $0[caseID] } }
    }

    /// Starts the sink; returns its URL and the task serving it.
    static func sink(_ sink: Sink) async throws -> (url: String, server: Task<Void, any Error>) {
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            let notice = try JSONValueDecoder().decode(WebhookNotification.self, from: JSONValue.parse(Data(body.readableBytesView)))
            if notice.kind == .received, let caseID = notice.caseID {
                let now = nowMicroseconds()
                sink.arrivals.withLock { if $0[caseID] == nil { $0[caseID] = now } }
            }
            return .noContent
        }
        let address = StartupSignal<Result<String, any Error>>()
        let server = Task { try await HTTPServing.run(router, host: "127.0.0.1", port: 0, serverName: "bench-sink", announce: address,
                                                      logger: Logger(label: "bench-sink")) }
        return (try await address.value.get() + "/hook", server)
    }

    static func suite(webhook: String) async throws -> InProcessSuite {
        var tuning = InProcessSuite.Tuning()
        tuning.intake.duplicateMetres = 0
        tuning.notification.webhooks = Dictionary(uniqueKeysWithValues: (0..<residents).map { ("r-b\($0)", webhook) })
        return try await InProcessSuite([.intake, .notification], tuning: tuning)
    }

    /// `reports` reports, `workers` at a time: from the first sent until the last resident heard of theirs.
    static func throughput(_ suite: InProcessSuite, _ sink: Sink, reports: Int, workers: Int) async throws -> Measurement {
        let before = sink.count
        let start = nowMicroseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in stride(from: worker, to: reports, by: workers) { _ = try await report(suite, "burst-\(index)", index) }
                }
            }
            try await group.waitForAll()
        }
        try await until(deadline: 300) { sink.count >= before + reports }
        return Measurement(events: reports, seconds: (nowMicroseconds() - start) / 1_000_000)
    }

    /// One report every 1/`rate` s for `seconds`: each one's time from being sent to its resident's webhook.
    static func latency(_ suite: InProcessSuite, _ sink: Sink, rate: Int, seconds: Int) async throws -> Measurement {
        let sent = Sink()                                   // here: when each case's report was sent
        let count = rate * seconds
        let start = nowMicroseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                let wait = start + Double(index) * 1_000_000 / Double(rate) - nowMicroseconds()
                if wait > 0 { try await Task.sleep(for: .microseconds(Int(wait))) }
                group.addTask {
                    let at = nowMicroseconds()
                    let caseID = try await report(suite, "paced-\(index)", index)
                    sent.arrivals.withLock { $0[caseID] = at }
                }
            }
            try await group.waitForAll()
        }
        let cases = sent.arrivals.withLock { $0 }
        try await until(deadline: 120) { cases.keys.allSatisfy { sink.arrival($0) != nil } }
        let latencies = cases.map { sink.arrival($0.key)! - $0.value }
        return Measurement(events: count, seconds: (nowMicroseconds() - start) / 1_000_000, latenciesMicroseconds: latencies)
    }

    static func report(_ suite: InProcessSuite, _ id: String, _ index: Int) async throws -> String {
        let event = CloudEvent(id: id, source: "/apps/resident/bench", type: ResidentReport.eventTypes[0],
                               data: try JSONValueEncoder().encode(ResidentReport(category: "ljdf", longitude: 106.652, latitude: 35.5315,
                                                                                  reporter: "r-b\(index % residents)")))
        let answer = try await suite.ingest(event)
        guard answer.reply.status == .accepted, let caseID = answer.reply.caseID else { throw BenchFailure("ingest refused: \(answer.reply)") }
        return caseID
    }

    /// Waits until `condition` holds, checking every 5 ms, at most `deadline` seconds.
    static func until(deadline: Double, _ condition: () -> Bool) async throws {
        let end = nowMicroseconds() + deadline * 1_000_000
        while !condition() {
            guard nowMicroseconds() < end else { throw BenchFailure("the webhooks did not all arrive within \(Int(deadline)) s") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
