public import ArgumentParser
public import Logging
public import ServiceLifecycle
public import ZeroMQ

/// A Whistle service as its executable sees it: what it is called, its configuration, and how to build
/// what it runs.
public protocol RunnableService: Sendable {
    associatedtype Options: ServiceOptions
    /// The program name and log label (`whistle-dispatch`).
    static var label: String { get }
    /// One line for `--help`.
    static var abstract: String { get }
    /// An example start, for `--help`.
    static var example: String { get }
    init(settings: ServiceSettings<Options>, context: ZMQContext, logger: Logger) throws
    var services: [any Service] { get }
}

/// The one `@main` body of every service executable: parse `--config`, load and validate the
/// configuration (defaults, file, `WHISTLE_…` environment), bootstrap logging once, build the services
/// on one ZeroMQ context, and run them until SIGTERM/SIGINT. An executable is one line:
/// `await ServiceCommand<DispatchService>.main()`.
public struct ServiceCommand<S: RunnableService>: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: S.label, abstract: S.abstract,
            discussion: "Example: \(S.example)\nEvery setting can come from the file or from WHISTLE_<KEY>__<SUBKEY> variables.")
    }

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?

    public init() {}

    public func run() async throws {
        let settings = try ConfigurationLoader().load(ServiceSettings<S.Options>.self, file: config)
        let logger = ServiceRunner.bootstrapLogging(label: S.label, level: Logger.Level(rawValue: settings.logLevel) ?? .info)
        try await ServiceRunner.run(try S(settings: settings, context: try ZMQContext(), logger: logger).services, logger: logger)
    }
}

/// Runs a service's executable: `await ServiceMain.run(DispatchService.self)` is the whole `@main`.
public enum ServiceMain {
    public static func run<S: RunnableService>(_ service: S.Type) async { await ServiceCommand<S>.main() }
}
