public import ArgumentParser
public import Logging
public import ServiceLifecycle
public import Timekeeping
public import ZeroMQ

/// A Whistle service as its executable and its tests see it: what it is called, its configuration, and
/// what it runs once assembled.
public protocol RunnableService: Sendable {
    associatedtype Options: ServiceOptions
    init(settings: ServiceSettings<Options>, environment: ServiceEnvironment) throws
    var assembled: AssembledService { get }
    static func store(_ settings: ServiceSettings<Options>) -> (path: String, service: String)?
    /// Whether it keeps a store to back up and restore (what `--help` offers).
    static var keepsStore: Bool { get }
    /// The tables of its read model, which `--rebuild` empties and builds again from the producers' replays; nil for a
    /// service whose store is the record of its own decisions.
    static var readModelTables: [String]? { get }
}

extension RunnableService {
    public var services: [any Service] { assembled.services }

    /// Its store's file and the service its migrations are named for; nil for a service that keeps none (the bus).
    public static func store(_ settings: ServiceSettings<Options>) -> (path: String, service: String)? { nil }
    public static var keepsStore: Bool { false }
    public static var readModelTables: [String]? { nil }
}

/// A service executable's `@main`: which service it runs and what `--help` says of it. The body comes
/// from the extension:
///
///     @main
///     enum WhistleDispatchMain: ServiceEntry {
///         typealias Service = DispatchService
///         static let about = ServiceAbout("whistle-dispatch", "Routes cases …", example: "…")
///     }
public protocol ServiceEntry {
    associatedtype Service: RunnableService
    static var about: ServiceAbout { get }
}

extension ServiceEntry {
    public static func main() async { await ServiceCommand<Self>.main() }
}

/// What `--help` says of a service executable.
public struct ServiceAbout: Sendable {
    /// The program name and log label (`whistle-dispatch`).
    public let label: String
    public let abstract: String
    /// An example start.
    public let example: String

    public init(_ label: String, _ abstract: String, example: String) {
        (self.label, self.abstract, self.example) = (label, abstract, example)
    }
}

/// What a service is built with besides its settings: the ZeroMQ context its sockets come from, its
/// logger, and the clock its decisions read (the system's, or a test's manual one).
public struct ServiceEnvironment: Sendable {
    public let context: ZMQContext
    public let logger: Logger
    public let clock: any WallClock

    public init(context: ZMQContext, logger: Logger, clock: any WallClock = SystemClock()) {
        (self.context, self.logger, self.clock) = (context, logger, clock)
    }
}

/// The one `@main` body of every service executable: parse `--config`, load and validate the
/// configuration (defaults, file, `WHISTLE_…` environment), bootstrap logging once, build the services
/// on one ZeroMQ context, and run them until SIGTERM/SIGINT. An executable is one line:
/// `await ServiceCommand<DispatchService>.main()`.
public struct ServiceCommand<Entry: ServiceEntry>: AsyncParsableCommand {
    typealias S = Entry.Service

    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: Entry.about.label, abstract: Entry.about.abstract,
            discussion: "Example: \(Entry.about.example)\nEvery setting can come from the file or from WHISTLE_<KEY>__<SUBKEY> variables."
                + (S.keepsStore ? backupExamples : ""))
    }

    private static var backupExamples: String {
        let label = Entry.about.label
        return """

            Back up (running or not): \(label) --config <file> --backup-to /backups/\(label)-<date>.sqlite
            Restore (stopped): \(label) --config <file> --restore-from /backups/\(label)-<date>.sqlite
            """
    }

    @Option(help: "YAML configuration file; WHISTLE_* environment variables override it.") var config: String?
    @Option(help: "Write a consistent copy of this instance's store to this new file and exit (VACUUM INTO: the instance may be running).")
    var backupTo: String?
    @Option(help: "Put the backup in this file in place of this instance's store and exit; refused while the instance runs. Its next start numbers its events after what its consumers have applied.")
    var restoreFrom: String?
    @Flag(help: "A read model's service only (the web console): empty its read model, build it again from the producers' replays with a progress bar, and exit; refused while the instance runs.")
    var rebuild = false

    public init() {}

    public func run() async throws {
        let settings = try ConfigurationLoader().load(ServiceSettings<S.Options>.self, file: config)
        let logger = ServiceRunner.bootstrapLogging(label: Entry.about.label, level: Logger.Level(rawValue: settings.logLevel) ?? .info)
        let environment = ServiceEnvironment(context: try ZMQContext(), logger: logger)
        if backupTo != nil || restoreFrom != nil { return try keep(settings, environment: environment) }
        if rebuild { return try await rebuildReadModel(settings, environment: environment) }
        try await ServiceRunner.run(try S(settings: settings, environment: environment).services, logger: logger)
    }
}
