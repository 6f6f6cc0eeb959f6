public import Foundation
import Synchronization

/// A built executable started as a real process, with its output captured line by line,
/// for tests that kill, stop and restart the suite's programs.
public final class TestProcess: Sendable {
    public let name: String
    private let process: Process
    private let lines = LineBuffer(keep: .max)
    private let errorTail = LineBuffer(keep: 200)

    /// Starts `executable` (a product name in the build folder) with arguments and extra environment.
    public init(_ executable: String, _ arguments: [String] = [], environment: [String: String] = [:], name: String? = nil) throws {
        self.name = name ?? executable
        let process = Process()
        process.executableURL = BuildProducts.url(of: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        self.process = process
        lines.collect(from: output.fileHandleForReading)
        errorTail.collect(from: errors.fileHandleForReading)
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var exitCode: Int32? { process.isRunning ? nil : process.terminationStatus }
    public var output: [String] { lines.snapshot }
    /// The last lines the process wrote to stderr (its logs), for failure messages.
    public var recentLog: String { errorTail.snapshot.suffix(30).joined(separator: "\n") }

    /// Waits for the first stdout line starting with `prefix` and returns it.
    @discardableResult
    public func waitForLine(startingWith prefix: String, timeout: Duration = .seconds(30)) async throws -> String {
        var found: String?
        try await eventually("\(name) prints '\(prefix)'", timeout: timeout) {
            found = output.first { $0.hasPrefix(prefix) }
            if found == nil, !isRunning { throw TestFailure("\(name) exited (\(process.terminationStatus)) before '\(prefix)':\n\(recentLog)") }
            return found != nil
        }
        return found!
    }

    /// The last stdout line starting with `prefix`, if any.
    public func lastLine(startingWith prefix: String) -> String? { output.last { $0.hasPrefix(prefix) } }

    /// Sends a signal: `SIGKILL` for a crash, `SIGSTOP`/`SIGCONT` to freeze and thaw, `SIGTERM` to stop.
    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to end — and for what it wrote last to be read from its stdout (the pipe's end, up to 2 s
    /// more: a process can exit before its final line has been taken from the pipe) — and returns its exit status.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await eventually("\(name) exits", timeout: timeout) { !isRunning }
        let drained = ContinuousClock.now + .seconds(2)
        while !lines.ended, ContinuousClock.now < drained { try await Task.sleep(for: .milliseconds(5)) }
        return process.terminationStatus
    }

    /// SIGKILL if still running; for test cleanup.
    public func terminateHard() {
        if process.isRunning { signal(SIGKILL); process.waitUntilExit() }
    }
}

/// Locates the suite's built executables: `WHISTLE_BIN_DIR`, or the folder the test binary runs from.
public enum BuildProducts {
    public static var directory: URL {
        if let dir = ProcessInfo.processInfo.environment["WHISTLE_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // On Linux the test binary is `<bin>/whistlePackageTests.xctest`; tolerate a bundle layout too.
        while dir.path != "/", !FileManager.default.fileExists(atPath: dir.appendingPathComponent("whistle-bus").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }

    public static func url(of executable: String) -> URL { directory.appendingPathComponent(executable) }
}

/// Lines read from a pipe as they arrive, keeping at most the last `keep`.
final class LineBuffer: Sendable {
    private let lines = Mutex<[String]>([])
    private let partial = Mutex<String>("")
    private let keep: Int
    private let reachedEnd = Atomic<Bool>(false)

    init(keep: Int) { self.keep = keep }

    var snapshot: [String] { lines.withLock { $0 } }
    /// The pipe reached its end: every line the process wrote is in `snapshot`.
    var ended: Bool { reachedEnd.load(ordering: .acquiring) }

    func collect(from handle: FileHandle) {
        handle.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                let last = partial.withLock { buffer in defer { buffer = "" }; return buffer }
                if !last.isEmpty { lines.withLock { $0.append(last) } }
                reachedEnd.store(true, ordering: .releasing)
                return
            }
            let complete: [String] = partial.withLock { buffer in
                buffer += String(decoding: data, as: UTF8.self)
                var parts = buffer.components(separatedBy: "\n")
                buffer = parts.removeLast()
                return parts
            }
            lines.withLock { list in
                list.append(contentsOf: complete)
                if list.count > keep { list.removeFirst(list.count - keep) }
            }
        }
    }
}
