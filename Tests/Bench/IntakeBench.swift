import AsyncHTTPClient
import Contracts
import Credentials
import Envelope
import Foundation
import NIOCore
import NIOHTTP1
import SuiteTestKit
import WhistleIntake

/// Intake's front doors side by side in one suite: Open311 POSTs over keep-alive HTTP, acknowledged
/// ZeroMQ ingest, and the latency of an acknowledged ingest at a steady rate. Every request is a new
/// case, answered after its own fsynced transaction.
enum IntakeBench {
    static let apiKey = "bench-open311-key"

    static func suite() async throws -> InProcessSuite {
        var tuning = InProcessSuite.Tuning()
        tuning.intake.open311Clients = ["bench": APIKey.digest(apiKey)]
        tuning.intake.duplicateMetres = 0     // every report its own case: no linking to the one before at the same spot
        return try await InProcessSuite([.intake], tuning: tuning)
    }

    /// `requests` Open311 POSTs, `workers` at a time, each worker on its own kept-alive connection.
    static func open311(_ suite: InProcessSuite, requests: Int, workers: Int) async throws -> Measurement {
        let url = suite.endpoints["intake"]!["open311"]! + "/open311/v2/requests.json"
        let start = nowMicroseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in stride(from: worker, to: requests, by: workers) { try await post(url, index) }
                }
            }
            try await group.waitForAll()
        }
        return Measurement(events: requests, seconds: (nowMicroseconds() - start) / 1_000_000)
    }

    static func post(_ url: String, _ index: Int) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: "api_key=\(apiKey)&service_code=ljdf&lat=35.5315&long=106.652&description=open311+bench+\(index)"))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 16)
        guard response.status.code == 201 else { throw BenchFailure("an Open311 POST was answered \(response.status.code)") }
    }

    /// `requests` ZeroMQ ingest requests, `workers` at a time (a DEALER per request, as `whistle report` does).
    static func ingest(_ suite: InProcessSuite, requests: Int, workers: Int, prefix: String) async throws -> Measurement {
        let start = nowMicroseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in stride(from: worker, to: requests, by: workers) { _ = try await report(suite, "\(prefix)-\(index)") }
                }
            }
            try await group.waitForAll()
        }
        return Measurement(events: requests, seconds: (nowMicroseconds() - start) / 1_000_000)
    }

    /// One acknowledged ingest request every 1/`rate` s for `seconds`; each one's time to its answer.
    static func ingestLatency(_ suite: InProcessSuite, rate: Int, seconds: Int) async throws -> Measurement {
        let latencies = LatencyLog()
        let count = rate * seconds
        let start = nowMicroseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                let due = start + Double(index) * 1_000_000 / Double(rate)
                let wait = due - nowMicroseconds()
                if wait > 0 { try await Task.sleep(for: .microseconds(Int(wait))) }
                group.addTask {
                    let sent = nowMicroseconds()
                    _ = try await report(suite, "paced-\(index)")
                    latencies.record(nowMicroseconds() - sent)
                }
            }
            try await group.waitForAll()
        }
        return Measurement(events: count, seconds: (nowMicroseconds() - start) / 1_000_000, latenciesMicroseconds: latencies.all)
    }

    /// `requests` alarms from one registered smoke detector, `workers` at a time: the first opens its case,
    /// every later one goes through the device's rules (registry, memory, open case, silence watch) and joins it.
    static func sensorStorm(_ suite: InProcessSuite, requests: Int, workers: Int) async throws -> Measurement {
        let start = nowMicroseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in stride(from: worker, to: requests, by: workers) {
                        let event = CloudEvent(id: "storm-\(index)", source: "/sensors/yg-g05-0502", type: "whistle.sensor.smoke",
                                               data: try JSONValueEncoder().encode(DeviceEvent(device: "yg-g05-0502", reading: 0.5)))
                        let answer = try await suite.ingest(event)
                        guard answer.reply.status == .accepted else { throw BenchFailure("alarm refused: \(answer.reply)") }
                    }
                }
            }
            try await group.waitForAll()
        }
        return Measurement(events: requests, seconds: (nowMicroseconds() - start) / 1_000_000)
    }

    static func report(_ suite: InProcessSuite, _ id: String) async throws -> String {
        let event = CloudEvent(id: id, source: "/apps/resident/bench", type: ResidentReport.eventTypes[0],
                               data: try JSONValueEncoder().encode(ResidentReport(category: "ljdf", longitude: 106.652, latitude: 35.5315)))
        let answer = try await suite.ingest(event)
        guard answer.reply.status == .accepted, let caseID = answer.reply.caseID else { throw BenchFailure("ingest refused: \(answer.reply)") }
        return caseID
    }
}
