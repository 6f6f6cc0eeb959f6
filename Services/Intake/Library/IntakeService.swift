@_exported public import WhistleIntakeDomain
import Timekeeping
public import ServiceKit
import CityModel
import Credentials
public import Messaging
import ZeroMQ

/// `whistle-intake`: acknowledged ingest of reports and device events over ZeroMQ and Open311 GeoReport v2
/// over HTTP, the relay that publishes `case.reported.<street>.<community>.<grid>` (and `device.cleared.…`),
/// the device registry with its command endpoint, the watches on silent devices and residents under care,
/// and the public view of each case it opened, following dispatch's `status.case.*` steps.
public enum IntakeDefinition: ServiceDefinition {
    public static func wire(_ assembly: ServiceAssembly, store: IntakeStore, settings: ServiceSettings<IntakeOptions>) throws {
        let city = try City.configured(settings.city)
        let options = settings.options
        let rules = IntakeRules(city: city, duplicateRadius: options.duplicateMetres, duplicateWindow: options.duplicateHours * 3600)
        let registry = try IntakeWatches.prepare(store, city: city, now: assembly.clock.now())
        let ingest = IngestServer(store: store, rules: rules, devices: registry, clock: assembly.clock, security: assembly.security,
                                  rateLimiter: assembly.rateLimiter, logger: assembly.logger)
        let watches = IntakeWatches(store: store, rules: rules, registry: registry)
        let follower = CaseStatusFollower(store: store, city: city, clock: assembly.clock)
        assembly.publish(store.outbox, database: store.database)
        // The public view follows dispatch's steps a few milliseconds late, in fewer commits.
        assembly.consume(follower.subscriptions, database: store.database, handlers: follower.handlers, lingerMilliseconds: 5)
        assembly.serve("ingest", bind: options.ingest, domain: .ingest, maximumRequestSize: IngestServer.maximumRequestSize, desk: ingest.desk)
        let devices = DeviceCommands(store: store, city: city, registry: registry)
        assembly.serve("commands", bind: options.commands, domain: .commands, desk: assembly.desk(devices.endpoint, database: store.database))
        assembly.run(DueTimerService("watches", of: "intake", clock: assembly.clock, tick: .milliseconds(options.watchTickMilliseconds),
                                     logger: assembly.logger, fire: watches.fire))
        let posts = RequestQueue(ingest.desk, name: "intake-open311")
        assembly.run(posts)
        let open311 = try Open311Server(listen: options.open311, city: city, store: store, posts: posts,
                                        clients: Open311Clients(keyRing: assembly.security.keyRing, configured: options.open311Clients),
                                        publicURL: options.open311BaseUrl, advertise: settings.advertise, clock: assembly.clock, logger: assembly.logger)
        assembly.run(open311, announcing: [("open311", { await open311.address.value })])
        assembly.read("contacts", ContactDesk(store: store).contacts)
        assembly.read("requesters", RequesterDesk(store: store).requester)
        assembly.query("devices", DeviceListDesk(store: store, city: city).devices)
    }
}

public typealias IntakeService = WhistleService<IntakeDefinition>
