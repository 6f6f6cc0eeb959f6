public import Logging
public import ServiceKit
public import ServiceLifecycle
public import ZeroMQ
import CityModel
public import Timekeeping
import StoreKit

/// `whistle-intake`: acknowledged ingest of reports and device events, and the relay that publishes
/// `case.reported.<street>.<community>.<grid>`. Built the same way by the executable and by tests.
public struct IntakeService: RunnableService {
    public static let label = "whistle-intake"
    public static let abstract = "Acknowledged ingest of reports and sensor events; publishes case.reported.*"
    public static let example = "WHISTLE_INTAKE__INGEST=tcp://127.0.0.1:7200 WHISTLE_NAME=intake-1 WHISTLE_DATA_DIRECTORY=data/intake whistle-intake"

    public let store: IntakeStore
    public let ingest: IngestServer
    public let assembled: AssembledService
    public var services: [any Service] { assembled.services }

    public init(settings: ServiceSettings<IntakeOptions>, context: ZMQContext, logger: Logger) throws {
        try self.init(settings: settings, context: context, logger: logger, clock: SystemClock())
    }

    public init(settings: ServiceSettings<IntakeOptions>, context: ZMQContext, logger: Logger, clock: any WallClock) throws {
        let city = try City.configured(settings.city)
        store = try IntakeStore(.file(settings.storePath("intake.sqlite")), producer: settings.name, logger: logger)
        let ingest = IngestServer(store: store, city: city, alarmWindow: settings.options.alarmWindowSeconds, clock: clock, logger: logger)
        self.ingest = ingest
        let assembly = ServiceAssembly("intake", settings: settings, context: context, logger: logger)
        assembly.publish(store.outbox, database: store.database)
        assembly.serve("ingest", bind: settings.options.ingest, maximumRequestSize: IngestServer.maximumRequestSize, answer: ingest.answer)
        assembled = try assembly.finish()
    }
}

/// Intake's own section, `intake:`.
public struct IntakeOptions: ServiceOptions {
    public static let section = "intake"
    public static let defaultName = "intake-1"
    /// Where the acknowledged ingest ROUTER binds.
    public var ingest = "tcp://127.0.0.1:7200"
    /// Repeated alarms from one device within this many seconds of its case's opening join that case.
    public var alarmWindowSeconds: Double = 600

    public init() {}

    public func validate() throws(ConfigurationError) {
        try ServiceSettings<Self>.check(address: ingest, key: "intake.ingest")
        guard alarmWindowSeconds >= 0 else { throw .invalid(key: "intake.alarmWindowSeconds", reason: "must not be negative") }
    }
}
