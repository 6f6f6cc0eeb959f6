public import ServiceKit
import CityModel
import Credentials
public import Messaging

/// `whistle-intake`: acknowledged ingest of reports and device events, and the relay that publishes
/// `case.reported.<street>.<community>.<grid>`.
public enum IntakeDefinition: ServiceDefinition {
    public static func wire(_ assembly: ServiceAssembly, store: IntakeStore, settings: ServiceSettings<IntakeOptions>) throws {
        let ingest = IngestServer(store: store, city: try City.configured(settings.city), alarmWindow: settings.options.alarmWindowSeconds,
                                  clock: assembly.clock, security: assembly.security, rateLimiter: assembly.rateLimiter, logger: assembly.logger)
        assembly.publish(store.outbox, database: store.database)
        assembly.serve("ingest", bind: settings.options.ingest, domain: .ingest, maximumRequestSize: IngestServer.maximumRequestSize,
                       answer: ingest.answer)
    }
}

public typealias IntakeService = WhistleService<IntakeDefinition>
