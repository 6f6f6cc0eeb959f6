import Dispatch
import Foundation
import ServiceKit
import Synchronization

/// What to run for one service.
struct ChildSpec: Sendable {
    var name: String
    var executable: String
    var environment: [String: String]
    var log: URL
}

/// Starts services in order (each waits for the previous one's `READY` line), restarts any that
/// exits unexpectedly with doubling back-off, and on SIGINT/SIGTERM stops them in reverse order.
final class Supervisor: Sendable {
    let children: [ChildSpec]
    private let running = Mutex<[String: Process]>([:])
    private let stopping = Mutex(false)
    let binDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

    init(children: [ChildSpec]) { self.children = children }

    func run(onReady: () -> Void) async throws {
        let signals = installSignalHandlers()
        for child in children {
            do {
                let line = try await start(child)
                ServiceRunner.emit("ready \(child.name): \(line.dropFirst("READY ".count))")
            } catch {
                // The ones already up must not outlive a suite that never came up (they would hold its ports).
                await stopAll()
                throw error
            }
        }
        onReady()
        var backoff: [String: Double] = [:]
        while !stopping.withLock({ $0 }) {
            try? await Task.sleep(for: .milliseconds(200))
            for child in children {
                guard let process = running.withLock({ $0[child.name] }), !process.isRunning, !stopping.withLock({ $0 }) else { continue }
                let delay = backoff[child.name, default: 0.5]
                ServiceRunner.emit("\(child.name) exited (status \(process.terminationStatus)); restarting in \(delay) s")
                try? await Task.sleep(for: .seconds(delay))
                backoff[child.name] = min(delay * 2, 30)
                if let line = try? await start(child) {
                    ServiceRunner.emit("ready \(child.name): \(line.dropFirst("READY ".count))")
                }
            }
        }
        withExtendedLifetime(signals) {}
        await stopAll()
    }

    /// Launches one child with its log file and waits up to 60 s for its `READY` line.
    private func start(_ child: ChildSpec) async throws -> String {
        let process = Process()
        process.executableURL = binDirectory.appendingPathComponent(child.executable)
        process.environment = ProcessInfo.processInfo.environment.merging(child.environment) { $1 }
        if !FileManager.default.fileExists(atPath: child.log.path) {
            _ = FileManager.default.createFile(atPath: child.log.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: child.log)
        log.seekToEndOfFile()
        process.standardError = log
        let output = Pipe()
        process.standardOutput = output
        let ready = Mutex<String?>(nil)
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; return }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("READY ") {
                ready.withLock { $0 = String(line) }
            }
        }
        try process.run()
        try? log.close()   // the child has its own copy of the descriptor
        running.withLock { $0[child.name] = process }
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let line = ready.withLock({ $0 }) { return line }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw SupervisorError.notReady(child.name, log: child.log.path)
    }

    private func installSignalHandlers() -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in stopping.withLock { $0 = true } }
            source.resume()
            return source
        }
    }

    /// SIGTERM in reverse start order, waiting up to 10 s for each before SIGKILL.
    private func stopAll() async {
        ServiceRunner.emit("stopping the suite")
        for child in children.reversed() {
            guard let process = running.withLock({ $0[child.name] }), process.isRunning else { continue }
            process.terminate()
            let deadline = ContinuousClock.now + .seconds(10)
            while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            ServiceRunner.emit("stopped \(child.name) (exit \(process.terminationStatus))")
        }
    }
}

enum SupervisorError: Error, CustomStringConvertible {
    case notReady(String, log: String)

    var description: String {
        switch self { case .notReady(let name, let log): "\(name) did not become ready; see \(log)" }
    }
}
