public import Contracts
public import Envelope
public import Foundation
import CityModel
import GRDB
import Logging
import Messaging
public import ServiceKit
import ServiceLifecycle
import StoreKit
public import TestKit
public import Timekeeping
public import WhistleBus
public import WhistleDispatch
public import WhistleIntake
public import WhistleMediation
public import WhistleNotification
public import ZeroMQ

/// The suite in this process on loopback — a bus and whichever services a test asks for, each with its
/// own SQLite file in a temporary folder, on ephemeral ports — plus a watcher that records every event
/// published. The one harness every service's tests use. It runs them as the executables do: every
/// service a definition assembles, in one `ServiceGroup`, stopped by a graceful shutdown.
public final class InProcessSuite: Sendable {
    public struct Parts: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let intake = Parts(rawValue: 1)
        public static let dispatch = Parts(rawValue: 2)
        public static let mediation = Parts(rawValue: 4)
        public static let notification = Parts(rawValue: 8)
        public static let all: Parts = [.intake, .dispatch, .mediation, .notification]
    }

    /// Settings a test may change before the services start.
    public struct Tuning: Sendable {
        public var dispatch = DispatchOptions()
        public var notification = NotificationOptions()
        public var intake = IntakeOptions()
        /// A city file for every service (the embedded demo city when nil).
        public var city: String?
        public init() {}
    }

    public let directory: TemporaryDirectory
    public let context: ZMQContext
    public let clock: any WallClock
    public let bus: BusService
    /// The bus's two addresses, for a service a test starts beside the suite.
    public let busAddresses: BusAddresses
    public let intake: IntakeService?
    public let dispatch: DispatchService?
    public let mediation: MediationService?
    public let notification: NotificationService?
    public let seen = SeenEvents()
    /// The rules dispatch governs by (the city the suite runs on).
    public let rules: Governance
    /// Each service's bound addresses, by endpoint name (`ingest`, `commands`, `replay`, `http`).
    public let endpoints: [String: [String: String]]
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    private let logger: Logger

    public init(_ parts: Parts = .all, clock: any WallClock = SystemClock(), tuning: Tuning = Tuning()) async throws {
        let directory = try TemporaryDirectory("suite")
        self.directory = directory
        context = try ZMQContext()
        self.clock = clock
        let logger = Logger(label: "suite-test")
        self.logger = logger
        // The bus's two ports are chosen now, so every service can be made before the group starts.
        let addresses = BusAddresses(publish: "tcp://127.0.0.1:\(freeTCPPort())", subscribe: "tcp://127.0.0.1:\(freeTCPPort())")
        busAddresses = addresses
        let environment = ServiceEnvironment(context: context, logger: logger, clock: clock)
        bus = try BusService(settings: ServiceSettings(buses: [addresses], dataDirectory: directory.path("bus")), environment: environment)
        func settings<O: ServiceOptions>(_ options: O) -> ServiceSettings<O> {
            ServiceSettings(buses: [addresses], dataDirectory: directory.path(O.section), claimWaitMilliseconds: 0,   // a private bus: no other owner
                            city: tuning.city, options: options)
        }
        var tuning = tuning
        rules = Governance(city: try City.configured(tuning.city))
        tuning.intake.ingest = "tcp://127.0.0.1:*"
        tuning.intake.commands = "tcp://127.0.0.1:*"
        tuning.intake.open311 = "127.0.0.1:0"
        tuning.dispatch.commands = "tcp://127.0.0.1:*"
        var mediationOptions = MediationOptions()
        mediationOptions.commands = "tcp://127.0.0.1:*"
        intake = parts.contains(.intake) ? try IntakeService(settings: settings(tuning.intake), environment: environment) : nil
        dispatch = parts.contains(.dispatch) ? try DispatchService(settings: settings(tuning.dispatch), environment: environment) : nil
        mediation = parts.contains(.mediation) ? try MediationService(settings: settings(mediationOptions), environment: environment) : nil
        notification = parts.contains(.notification)
            ? try NotificationService(settings: settings(tuning.notification), environment: environment) : nil

        var handlers = EventHandlers()
        let seen = self.seen
        handlers.otherwise { _, event in seen.append(event) }
        var migrator = DatabaseMigrator()
        Inbox.registerMigrations(in: &migrator)
        let watcher = InboxConsumer(
            configuration: ConsumerConfiguration(name: "watcher", busSubscribe: [addresses.subscribe], prefixes: []),
            database: try StoreDatabase.open(.inMemory, migrator: migrator, logger: logger), context: context, clock: clock, logger: logger,
            handlers: handlers)
        let members: [(String, (any RunnableService)?)] = [
            ("intake", intake), ("dispatch", dispatch), ("mediation", mediation), ("notification", notification),
        ]
        let assembled = members.compactMap { name, service in service.map { (name, $0.assembled) } }
        let services: [any Service] = bus.services + assembled.flatMap(\.1.services) + [watcher]
        group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services.map { .init(service: $0) }, logger: logger))
        running = Task { [group] in try await group.run() }
        _ = try await bus.bus.bound.value.get()
        var endpoints: [String: [String: String]] = [:]
        for (name, service) in assembled { endpoints[name] = try await service.ready.value.get() }
        self.endpoints = endpoints
        _ = try await watcher.subscribed.value.get()
    }

    /// Stops every service as a signal stops an executable (a graceful shutdown of the group: each service
    /// finishes what it holds), then removes the temporary folder.
    public func stop() async {
        await group.triggerGracefulShutdown()
        do {
            try await running.value
        } catch {
            logger.error("the suite did not stop cleanly", metadata: ["error": "\(error)"])
        }
        directory.remove()
    }

    /// Sends one request (REQ or DEALER) and returns the reply frame.
    public func ask(_ address: String, _ frames: [Data], socketType: SocketType = .dealer) async throws -> Data {
        try await ReplyClient.ask(address, frames, socketType: socketType, context: context)
    }

    /// Sends an event to intake's ingest and returns its decoded reply and its bytes.
    public func ingest(_ event: CloudEvent, socketType: SocketType = .dealer) async throws -> (reply: IngestReply, bytes: Data) {
        try await ingest([try event.encoded()], socketType: socketType)
    }

    public func ingest(_ frames: [Data], socketType: SocketType = .dealer) async throws -> (reply: IngestReply, bytes: Data) {
        let bytes = try await ask(endpoints["intake"]!["ingest"]!, frames, socketType: socketType)
        return (try JSONValueDecoder().decode(IngestReply.self, from: JSONValue.parse(bytes)), bytes)
    }

    /// Reports a problem as resident `reporter` in `grid` and returns the case id intake gave it.
    public func report(_ id: String, category: String, grid: String, reporter: String = "r-001") async throws -> String {
        let report = ResidentReport(category: category, grid: grid, reporter: reporter)
        let event = CloudEvent(id: id, source: "/apps/resident/\(reporter)", type: ResidentReport.eventTypes[0],
                               data: try JSONValueEncoder().encode(report))
        let answer = try await ingest(event)
        guard answer.reply.status == .accepted, let caseID = answer.reply.caseID else { throw TestFailure("report refused: \(answer.reply)") }
        return caseID
    }

    /// Sends a command to a service's command endpoint and returns the decoded reply and its bytes.
    public func command(_ command: some CommandContract, to service: String = "dispatch") async throws -> (reply: CommandReply, bytes: Data) {
        try await send(try JSONValueEncoder().encode(command).jsonData(), to: service)
    }

    /// Sends raw bytes to a service's command endpoint.
    public func send(_ payload: Data, to service: String = "dispatch") async throws -> (reply: CommandReply, bytes: Data) {
        let bytes = try await ask(endpoints[service]!["commands"]!, [payload])
        return (try JSONValueDecoder().decode(CommandReply.self, from: JSONValue.parse(bytes)), bytes)
    }

    /// A case as dispatch shows it now (on the suite's clock).
    public func caseView(_ caseID: String) throws -> CaseView? {
        try dispatch?.store.view(of: caseID, rules: rules, at: clock.now())
    }

    /// A staff command with a fresh command id.
    public func staff(_ staff: String, _ action: StaffAction, _ caseID: String, task: String? = nil, department: String? = nil,
                      reason: String? = nil, note: String? = nil, opinion: String? = nil, within: String? = nil,
                      outcome: VerificationOutcome? = nil, decision: TriageDecision? = nil) async throws -> CommandReply {
        try await command(StaffCommand(command: UUID().uuidString, staff: staff, caseID: caseID, action: action, task: task, department: department,
                                       reason: reason, note: note, opinion: opinion, within: within, outcome: outcome, decision: decision)).reply
    }

    /// The reporter's rating with a fresh command id.
    public func rate(_ caseID: String, _ satisfaction: Satisfaction, _ solved: Solved, reporter: String = "r-001") async throws -> CommandReply {
        try await command(RatingCommand(command: UUID().uuidString, reporter: reporter, caseID: caseID, satisfaction: satisfaction, solved: solved)).reply
    }

    /// A department command with a fresh command id.
    public func department(_ department: String, _ task: String, _ action: TaskAction, reason: String? = nil,
                           note: String? = nil) async throws -> CommandReply {
        try await command(DepartmentCommand(command: UUID().uuidString, department: department, task: task, action: action,
                                            note: note, reason: reason)).reply
    }
}
