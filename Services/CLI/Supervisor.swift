import Dispatch
import Foundation
import Synchronization

/// What to run for one service.
struct ChildSpec: Sendable {
    var name: String
    var executable: String
    var environment: [String: String]
    var log: URL
}

/// When a service that exited is started again: after `first`, doubling with each crash that follows
/// quickly, never longer than `longest`; a service that ran `healthyAfter` before it exited starts over
/// from `first`. Each service has its own count, so one crashing service never delays another.
struct RestartPolicy: Sendable, Equatable {
    var first: Duration = .milliseconds(500)
    var longest: Duration = .seconds(5)
    var healthyAfter: Duration = .seconds(30)

    /// The wait before the restart that follows `crashes` quick crashes in a row (1 for the first).
    func delay(afterCrashes crashes: Int) -> Duration {
        var delay = first
        for _ in 1..<max(1, crashes) where delay < longest { delay *= 2 }
        return min(delay, longest)
    }

    var summary: String {
        "a service that exits is started again after \(Self.text(first)), doubling while it keeps crashing, at most \(Self.text(longest)); "
            + "one that ran \(Self.text(healthyAfter)) starts over from \(Self.text(first)); each service on its own timer"
    }

    static func text(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}

/// Starts services in order (each waits for the previous one's `READY` line), watches each on its own
/// task, restarts any that exits unexpectedly as its `RestartPolicy` says, and on SIGINT/SIGTERM stops
/// them in reverse order.
final class Supervisor: Sendable {
    let children: [ChildSpec]
    let policy: RestartPolicy
    /// How long a start may take before it counts as failed.
    let startTimeout: Duration
    private let running = Mutex<[String: Process]>([:])
    private let stopping = Mutex(false)
    let binDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()

    init(policy: RestartPolicy = RestartPolicy(), startTimeout: Duration = .seconds(60), children: [ChildSpec]) {
        (self.children, self.policy, self.startTimeout) = (children, policy, startTimeout)
    }

    func run(onReady: () -> Void) async throws {
        let signals = installSignalHandlers()
        for child in children {
            do {
                let line = try await start(child)
                Console.line("ready \(child.name): \(line.dropFirst("READY ".count))")
            } catch {
                // The ones already up must not outlive a suite that never came up (they would hold its ports).
                await stopAll()
                throw error
            }
        }
        onReady()
        await withTaskGroup(of: Void.self) { group in
            for child in children { group.addTask { await self.watch(child) } }
        }
        withExtendedLifetime(signals) {}
        await stopAll()
    }

    private var isStopping: Bool { stopping.withLock { $0 } }

    /// Keeps one service running until the suite stops: each time it exits, waits as the policy says for
    /// its own run of crashes, then starts it again (a start that never becomes ready counts as a crash).
    private func watch(_ child: ChildSpec) async {
        var crashes = 0
        var readyAt = ContinuousClock.now
        while !isStopping {
            guard let process = running.withLock({ $0[child.name] }), !process.isRunning else {
                try? await Task.sleep(for: .milliseconds(50))
                continue
            }
            if isStopping { return }
            let ran = ContinuousClock.now - readyAt
            crashes = ran >= policy.healthyAfter ? 1 : crashes + 1
            let delay = policy.delay(afterCrashes: crashes)
            Console.line("\(child.name) exited (status \(process.terminationStatus)) after \(RestartPolicy.text(.seconds(Int(ran.components.seconds)))); "
                               + "restarting in \(RestartPolicy.text(delay))")
            try? await Task.sleep(for: delay)
            if isStopping { return }
            do {
                let line = try await start(child)
                readyAt = .now
                Console.line("ready \(child.name): \(line.dropFirst("READY ".count))")
            } catch {
                readyAt = .now
                Console.line("\(error)")
            }
        }
    }

    /// Launches one child with its log file and waits up to `startTimeout` for its `READY` line, saying at once
    /// when it is frozen (stopped by a signal) rather than waiting in silence.
    private func start(_ child: ChildSpec) async throws -> String {
        let process = Process()
        process.executableURL = binDirectory.appendingPathComponent(child.executable)
        process.environment = ProcessInfo.processInfo.environment.merging(child.environment) { $1 }
        if !FileManager.default.fileExists(atPath: child.log.path) {
            _ = FileManager.default.createFile(atPath: child.log.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: child.log)
        let logStart = log.seekToEndOfFile()
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
        let deadline = ContinuousClock.now + startTimeout
        var frozen = false
        while ContinuousClock.now < deadline {
            if let line = ready.withLock({ $0 }) { return line }
            guard process.isRunning else { break }
            let stopped = Self.isStopped(process.processIdentifier)
            if stopped, !frozen {
                Console.line("\(child.name) (pid \(process.processIdentifier)) is stopped by a signal while starting (SIGSTOP?); "
                             + "waiting \(RestartPolicy.text(deadline - .now)) more for SIGCONT")
            }
            frozen = stopped
            try await Task.sleep(for: .milliseconds(20))
        }
        let outcome: SupervisorError.Outcome = process.isRunning ? (frozen ? .frozen(startTimeout) : .timedOut(startTimeout))
                                                                  : .exited(process.terminationStatus)
        throw SupervisorError.notReady(child.name, outcome, log: child.log.path, lastLines: Self.lines(of: child.log, from: logStart))
    }

    /// Whether process `pid` is stopped by a signal (state `T` in `/proc/<pid>/stat`).
    static func isStopped(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first == "T"
    }

    /// The last few lines `log` got since `offset` (why a service did not come up).
    static func lines(of log: URL, from offset: UInt64, last count: Int = 5) -> [String] {
        guard let handle = try? FileHandle(forReadingFrom: log) else { return [] }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        let text = String(decoding: handle.readDataToEndOfFile().suffix(16 * 1024), as: UTF8.self)
        return text.split(separator: "\n").suffix(count).map(String.init)
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
        Console.line("stopping the suite")
        for child in children.reversed() {
            guard let process = running.withLock({ $0[child.name] }), process.isRunning else { continue }
            process.terminate()
            kill(process.processIdentifier, SIGCONT)      // a stopped service handles its SIGTERM once continued
            let deadline = ContinuousClock.now + .seconds(10)
            while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            Console.line("stopped \(child.name) (exit \(process.terminationStatus))")
        }
    }
}

enum SupervisorError: Error, CustomStringConvertible {
    /// How a start that never became ready ended.
    enum Outcome: Equatable {
        case exited(Int32)
        case timedOut(Duration)
        case frozen(Duration)
    }

    case notReady(String, Outcome, log: String, lastLines: [String])

    var description: String {
        switch self {
        case .notReady(let name, let outcome, let log, let lines):
            let how = switch outcome {
            case .exited(let status): "exited with status \(status) before it was ready"
            case .timedOut(let wait): "was still running but not ready after \(RestartPolicy.text(wait)) (--start-timeout)"
            case .frozen(let wait): "was stopped by a signal (SIGSTOP?) and not ready after \(RestartPolicy.text(wait)); send it SIGCONT or kill it"
            }
            let why = lines.isEmpty ? "" : "; its log ends:\n  " + lines.joined(separator: "\n  ")
            return "\(name) \(how) (see \(log))\(why)\(Self.hint(lines))"
        }
    }

    /// What to do about a held address, named from the bind error (`zmq_bind tcp://…:7300:`, `cannot listen on …:7402:`);
    /// TIME-WAIT holders are invisible to `ss -ltn`.
    static func hint(_ lines: [String]) -> String {
        guard let line = lines.last(where: { $0.contains("Address already in use") }) else { return "" }
        let address = line.firstMatch(of: /(?:zmq_bind|cannot listen on) (\S+):/).map { String($0.1) } ?? "its address"
        let port = address.split(separator: ":").last.map(String.init) ?? "<port>"
        return "\n\(address) is held by another process or connection — `ss -tanp | grep :\(port)` shows it, TIME-WAIT included. "
            + "Choose a --base-port whose ports lie below the kernel's ephemeral range (/proc/sys/net/ipv4/ip_local_port_range, "
            + "32768 and up by default), or reserve them in /proc/sys/net/ipv4/ip_local_reserved_ports (docs/operations.md)."
    }
}
