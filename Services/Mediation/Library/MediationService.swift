public import Logging
public import ServiceKit
public import ServiceLifecycle
public import Timekeeping
public import ZeroMQ
import CityModel
import Contracts
import Messaging
import StoreKit

/// `whistle-mediation`: disputes open a mediation case with the mediator of their level; mediators
/// conclude them on the command endpoint. Built the same way by the executable and by tests.
public struct MediationService: RunnableService {
    public static let label = "whistle-mediation"
    public static let abstract = "Opens disputes with the right mediator (mediation.opened.*); mediators conclude them (mediation.concluded.*)."
    public static let example = "WHISTLE_MEDIATION__COMMANDS=tcp://127.0.0.1:7301 WHISTLE_NAME=mediation-1 WHISTLE_DATA_DIRECTORY=data/mediation whistle-mediation"

    public let store: MediationStore
    public let assembled: AssembledService
    public var services: [any Service] { assembled.services }

    public init(settings: ServiceSettings<MediationOptions>, context: ZMQContext, logger: Logger) throws {
        try self.init(settings: settings, context: context, logger: logger, clock: SystemClock())
    }

    public init(settings: ServiceSettings<MediationOptions>, context: ZMQContext, logger: Logger, clock: any WallClock) throws {
        let desk = MediationDesk(city: try City.configured(settings.city))
        let store = try MediationStore(.file(settings.storePath("mediation.sqlite")), producer: settings.name, logger: logger)
        self.store = store
        var handlers = EventHandlers()
        handlers.on(CaseReported.self) { db, received in
            let now = clock.now()
            guard try !store.hasCase(db, caseID: received.event.caseID), let opened = try desk.open(received.event, now: now) else { return }
            try store.record(db, opened.file, opened.emission, at: now)
        }
        let commands = CommandDesk<MediatorCommand>(database: store.database, clock: clock, logger: logger, issuer: \.mediator) { db, command, now in
            guard let file = try store.file(db, mediation: command.mediation) else {
                throw CommandRefused(.unknownMediation, "no mediation case '\(command.mediation.prefix(80))'")
            }
            let concluded = try MediationDesk.conclude(command, file: file, now: now)
            try store.record(db, concluded.file, concluded.emission, at: now)
            return .ok(command.command, caseID: file.caseID, mediation: file.mediation, state: concluded.file.status.rawValue)
        }
        let assembly = ServiceAssembly("mediation", settings: settings, context: context, logger: logger)
        assembly.publish(store.outbox, database: store.database)
        assembly.consume(settings.options.subscriptions, database: store.database, handlers: handlers)
        assembly.serve("commands", bind: settings.options.commands, answer: commands.answer)
        assembled = try assembly.finish()
    }
}

/// Mediation's own section, `mediation:`.
public struct MediationOptions: ServiceOptions {
    public static let section = "mediation"
    public static let defaultName = "mediation-1"
    /// Where mediators' commands are answered.
    public var commands = "tcp://127.0.0.1:7301"
    /// The streets this instance takes; empty takes all.
    public var streets: [String] = []

    public init() {}

    public var subscriptions: [String] { streets.isEmpty ? [Topics.caseReported] : streets.map(Topics.casesReported(inStreet:)) }

    public func validate() throws(ConfigurationError) {
        try ServiceSettings<Self>.check(address: commands, key: "mediation.commands")
    }
}
