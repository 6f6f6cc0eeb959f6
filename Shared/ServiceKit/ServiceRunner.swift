public import Logging
public import ServiceLifecycle
import UnixSignals
import Foundation
import Synchronization

/// What every Whistle executable does around its services: bootstrap logging once, run the
/// services in a `ServiceGroup` that shuts down gracefully on SIGTERM or SIGINT, and announce
/// readiness on stdout.
public enum ServiceRunner {
    private static let bootstrapped = Mutex(false)

    /// Installs the JSON log handler (once per process) and returns the process logger.
    public static func bootstrapLogging(label: String, level: Logger.Level = .info) -> Logger {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        if first {
            LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        }
        return Logger(label: label)
    }

    /// Runs the services until they finish or a signal asks them to stop; exits cleanly on SIGTERM/SIGINT.
    public static func run(_ services: [any Service], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }

    /// Prints the readiness line that `whistle up` and the test kit wait for:
    /// `READY <service> key=value ...`, flushed at once.
    public static func announceReady(_ service: String, _ details: [(key: String, value: String)] = []) {
        let fields = details.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        emit("READY \(service)" + (fields.isEmpty ? "" : " " + fields))
    }

    /// Writes one line to stdout at once (unbuffered), for lines other programs wait for.
    public static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
