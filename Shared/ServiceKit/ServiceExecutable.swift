public import ArgumentParser
public import Logging
public import ServiceLifecycle
public import ZeroMQ

/// The one shape of every Whistle service executable: parse `--config`, load and validate the
/// configuration (file + `WHISTLE_…` environment), bootstrap logging once, build the services on one
/// ZeroMQ context, and run them until SIGTERM/SIGINT. An executable only says which services.
public protocol ServiceExecutable: AsyncParsableCommand {
    associatedtype Settings: ServiceConfiguration
    /// The program name, used as the log label (`whistle-intake`).
    static var label: String { get }
    /// The `--config` option's value.
    var config: String? { get }
    /// The log level the settings ask for (`info` when they don't say).
    static func logLevel(of settings: Settings) -> String?
    func services(_ settings: Settings, context: ZMQContext, logger: Logger) throws -> [any Service]
}

extension ServiceExecutable {
    public func run() async throws {
        let settings = try ConfigurationLoader().load(Settings.self, file: config)
        let level = Self.logLevel(of: settings) ?? "info"
        guard let logLevel = Logger.Level(rawValue: level) else {
            throw ConfigurationError.invalid(key: "logLevel", reason: "'\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        let logger = ServiceRunner.bootstrapLogging(label: Self.label, level: logLevel)
        try await ServiceRunner.run(try services(settings, context: try ZMQContext(), logger: logger), logger: logger)
    }
}
