public import ServiceKit
import CityModel
import Credentials
public import Messaging
import ZeroMQ

/// `whistle-intake`: acknowledged ingest of reports and device events over ZeroMQ and Open311 GeoReport v2
/// over HTTP, the relay that publishes `case.reported.<street>.<community>.<grid>`, and the public view of
/// each case it opened, following dispatch's `status.case.*` steps.
public enum IntakeDefinition: ServiceDefinition {
    public static func wire(_ assembly: ServiceAssembly, store: IntakeStore, settings: ServiceSettings<IntakeOptions>) throws {
        let city = try City.configured(settings.city)
        let ingest = IngestServer(store: store, city: city, alarmWindow: settings.options.alarmWindowSeconds,
                                  clock: assembly.clock, security: assembly.security, rateLimiter: assembly.rateLimiter, logger: assembly.logger)
        let follower = CaseStatusFollower(store: store, city: city, clock: assembly.clock)
        assembly.publish(store.outbox, database: store.database)
        assembly.consume(follower.subscriptions, database: store.database, handlers: follower.handlers)
        assembly.serve("ingest", bind: settings.options.ingest, domain: .ingest, maximumRequestSize: IngestServer.maximumRequestSize,
                       answer: ingest.answer, batchAnswer: ingest.answer(batch:))
        let open311 = try Open311Server(listen: settings.options.open311, city: city, store: store, ingest: ingest,
                                        clients: Open311Clients(keyRing: assembly.security.keyRing, configured: settings.options.open311Clients),
                                        clock: assembly.clock, logger: assembly.logger)
        assembly.run(open311, announcing: [("open311", { await open311.address.value })])
    }
}

public typealias IntakeService = WhistleService<IntakeDefinition>
