public import Contracts
public import Logging
public import ServiceKit
public import ServiceLifecycle
public import Timekeeping
public import ZeroMQ
import CityModel
import Envelope
import Foundation
import StoreKit

/// `whistle-dispatch`: routes cases to departments and owns each case's life — department commands,
/// mediation's outcomes, every status a resident or a department sees. Built the same way by the
/// executable and by tests.
public struct DispatchService: RunnableService {
    public static let label = "whistle-dispatch"
    public static let abstract = "Routes cases to departments on task.<department>.*; owns every case's status; department commands."
    public static let example = "WHISTLE_DISPATCH__COMMANDS=tcp://127.0.0.1:7300 WHISTLE_NAME=dispatch-1 WHISTLE_DATA_DIRECTORY=data/dispatch whistle-dispatch"

    public let store: DispatchStore
    public let assembled: AssembledService
    public var services: [any Service] { assembled.services }

    public init(settings: ServiceSettings<DispatchOptions>, context: ZMQContext, logger: Logger) throws {
        try self.init(settings: settings, context: context, logger: logger, clock: SystemClock())
    }

    public init(settings: ServiceSettings<DispatchOptions>, context: ZMQContext, logger: Logger, clock: any WallClock) throws {
        let city = try City.configured(settings.city)
        let store = try DispatchStore(.file(settings.storePath("dispatch.sqlite")), producer: settings.name, logger: logger)
        self.store = store
        let dispatcher = Dispatcher(city: city, acknowledgeWithin: settings.options.acknowledgeMinutes * 60)
        let desk = CommandDesk<DepartmentCommand>(
            database: store.database, clock: clock, logger: logger, issuer: \.department
        ) { db, command, now in
            guard let file = try store.file(db, task: command.task) else {
                throw CommandRefused(.unknownTask, "no task '\(command.task.prefix(80))'")
            }
            let decision = try TaskLifecycle.apply(command, to: file, now: now)
            try store.record(db, decision)
            return .ok(command.command, caseID: file.caseID, task: command.task, state: decision.file.task(command.task)!.state.rawValue)
        }
        let assembly = ServiceAssembly("dispatch", settings: settings, context: context, logger: logger)
        assembly.publish(store.outbox, database: store.database)
        assembly.consume(settings.options.subscriptions, database: store.database,
                         handlers: DispatchHandlers(store: store, dispatcher: dispatcher, clock: clock).handlers)
        assembly.serve("commands", bind: settings.options.commands, answer: desk.answer)
        assembled = try assembly.finish(reads: ["cases": { id in try store.view(of: id).map { try JSONValueEncoder().encode($0).jsonData() } }])
    }
}

/// Dispatch's own section, `dispatch:`.
public struct DispatchOptions: ServiceOptions {
    public static let section = "dispatch"
    public static let defaultName = "dispatch-1"
    /// Where department commands are answered.
    public var commands = "tcp://127.0.0.1:7300"
    /// The streets this instance takes (one instance per street partitions dispatch); empty takes all.
    public var streets: [String] = []
    /// A department must report for duty within this many minutes.
    public var acknowledgeMinutes: Double = 30

    public init() {}

    /// The topics this instance consumes: its streets' reported cases and mediation steps.
    public var subscriptions: [String] {
        let families = [Topics.caseReported, Topics.mediationOpened, Topics.mediationConcluded]
        return streets.isEmpty ? families : families.flatMap { family in streets.map { family + $0 + "." } }
    }

    public func validate() throws(ConfigurationError) {
        try ServiceSettings<Self>.check(address: commands, key: "dispatch.commands")
        for street in streets where street.isEmpty || !street.allSatisfy({ $0.isLowercase || $0.isNumber }) {
            throw .invalid(key: "dispatch.streets", reason: "'\(street)' is not a street code such as s01")
        }
        guard acknowledgeMinutes > 0 else { throw .invalid(key: "dispatch.acknowledgeMinutes", reason: "must be positive") }
    }
}
