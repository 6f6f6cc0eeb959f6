import Contracts
import Foundation
import Synchronization
import SuiteTestKit
import WhistleIntake
import WhistleNotification

/// Notification's e-mail, as a mail server takes it: residents' reports go in at intake; notification sends each
/// resident's `received` over SMTP (one conversation per message) to aiosmtpd (scripts/smtp-sink.py, from PyPI), which
/// prints each subject as it arrives.
enum MailBench {
    /// aiosmtpd in its own process, and when each case's receipt reached it (µs).
    final class Sink: @unchecked Sendable {
        let process = Process()
        let input = Pipe(), output = Pipe()
        let arrivals = Mutex<[String: Double]>([:])
        let port = Mutex<Int?>(nil)
        var count: Int { arrivals.withLock { $0.count } }
        /// The port it listens on, once it said.
        var listening: Int? { port.withLock { $0 } }

        /// Starts it with `python` (the project's venv); nil when it does not come up (no aiosmtpd: `make python-deps`).
        init?(python: String) {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["scripts/smtp-sink.py"]
            (process.standardInput, process.standardOutput) = (input, output)
            guard (try? process.run()) != nil else { return nil }
            let reader = output.fileHandleForReading
            Thread.detachNewThread { [self] in
                var pending = Data()
                while true {
                    let chunk = reader.availableData
                    if chunk.isEmpty { return }
                    pending.append(chunk)
                    while let newline = pending.firstIndex(of: 0x0A) {
                        let line = String(decoding: pending[..<newline], as: UTF8.self)
                        pending.removeSubrange(...newline)
                        if line.hasPrefix("ready ") { self.port.withLock { $0 = Int(line.dropFirst(6)) } }
                        // 【吹哨】案件 <case> 已受理
                        else if let caseID = line.split(separator: " ").dropFirst().first.map(String.init) {
                            let now = nowMicroseconds()
                            self.arrivals.withLock { if $0[caseID] == nil { $0[caseID] = now } }
                        }
                    }
                }
            }
        }

        func stop() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    static func suite(port: Int) async throws -> InProcessSuite {
        var tuning = InProcessSuite.Tuning()
        tuning.intake.duplicateMetres = 0
        tuning.notification.smtp.host = "127.0.0.1"
        tuning.notification.smtp.port = port
        tuning.notification.emails = Dictionary(uniqueKeysWithValues: (0..<NotificationBench.residents).map { ("r-b\($0)", "rb\($0)@bench.example.org") })
        return try await InProcessSuite([.intake, .notification], tuning: tuning)
    }

    /// `reports` reports, `workers` at a time: from the first sent until the last resident's receipt reached the server.
    static func throughput(_ suite: InProcessSuite, _ sink: Sink, reports: Int, workers: Int) async throws -> Measurement {
        let start = nowMicroseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in stride(from: worker, to: reports, by: workers) { _ = try await NotificationBench.report(suite, "mail-\(index)", index) }
                }
            }
            try await group.waitForAll()
        }
        try await NotificationBench.until(deadline: 300) { sink.count >= reports }
        return Measurement(events: reports, seconds: (nowMicroseconds() - start) / 1_000_000)
    }
}
