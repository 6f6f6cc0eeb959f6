import Envelope
public import Credentials
import Foundation
public import GRDB
public import Logging
public import Messaging
public import ServiceLifecycle
import StoreKit
public import Timekeeping
public import ZeroMQ

/// The one way a service is put together: its store's outbox gets a relay, its consumers and command
/// endpoints are added, the operations server goes last, and a readiness service prints
/// `READY <service> key=address …` once every socket is bound. A service declares only what differs;
/// the order, the names and the readiness line are the same everywhere.
public final class ServiceAssembly {
    public let service: String
    let common: CommonSettings
    /// The service's ZeroMQ context, for the clients it keeps (a console's connection to dispatch's commands).
    public let context: ZMQContext
    /// The service's logger.
    public let logger: Logger
    /// The clock the service's decisions read.
    public let clock: any WallClock
    /// How its sockets are secured (plaintext without a keys folder).
    public let security: SocketSecurity
    /// Requests per identity on its ingest and command endpoints.
    public let rateLimiter: RateLimiter
    private var services: [any Service] = []
    private var endpoints: [(String, @Sendable () async -> Result<String, any Error>)] = []
    private var reads: [String: OperationsServer.ReadRoute] = [:]
    private var queries: [String: OperationsServer.QueryRoute] = [:]
    private var spanning: [String: OperationsServer.Combine] = [:]
    /// The instances its consumers hear beating: where its HTTP front finds the other streets' instances.
    private let peers = PeerDirectory()
    private var pages: [String: OperationsServer.ReadRoute] = [:]
    private var claims: AreaClaims?
    /// Where clients reach this instance, for its heartbeats: filled in by the readiness once all is up.
    private let announcement = Announcement()

    public init<Options>(settings: ServiceSettings<Options>, environment: ServiceEnvironment) throws {
        OperationsServer.bootstrapMetrics()   // before any part makes the counters it keeps
        service = Options.service
        let (security, zap) = try settings.security.socketSecurity(name: settings.name, context: environment.context, logger: environment.logger)
        (self.security, rateLimiter) = (security, RateLimiter(settings.security.rates))
        if let zap { services.append(zap) }
        common = CommonSettings(buses: settings.buses, name: settings.name, replay: settings.replay, advertise: settings.advertise,
                                http: settings.http, claimWait: .milliseconds(settings.claimWaitMilliseconds))
        (context, logger, clock) = (environment.context, environment.logger, environment.clock)
    }

    /// Claims `streets` of this service (all of them when empty) for this instance alone, before anything of it
    /// runs: refuses (`StreetCustody.Refusal`) a street its store never held unless `adopting` names it, or giving
    /// up one with `openCases` there; refuses (`ClaimConflict`) while another live instance claims any of them; then
    /// announces them in every heartbeat, and a consumer that later hears an older claim to them stops the service.
    /// Call it first.
    public func claim(streets: [String], adopting: [String], openCases: [String: Int], database: any DatabaseWriter) throws {
        let custody = try database.read(StreetCustody.load)
        let held = try custody.admit(streets, adopting: adopting, openCases: openCases, instance: common.name, service: service)
        try database.write { try StreetCustody.hold($0, held, at: clock.now()) }
        let claims = AreaClaims(service: service, streets: streets, since: Int64((clock.now().timeIntervalSince1970 * 1000).rounded()))
        try ClaimGate.check(claims, name: common.name, buses: common.buses.map(\.subscribe), context: context, security: security,
                            window: common.claimWait, logger: logger, peers: peers)
        self.claims = claims
    }

    /// For a store restored from a backup (`marker` exists, written by `--restore-from`): before anything runs, learns
    /// from the consumers' heartbeats how far they applied this instance's events and makes its outbox go on after
    /// that, with a newer epoch — so no event of the restored instance is taken for one they already have.
    public func raiseFloorIfRestored(marker: String, database: any DatabaseWriter) throws {
        guard FileManager.default.fileExists(atPath: marker) else { return }
        let window = Duration.milliseconds(max(3000, 2 * Int(common.claimWait / .milliseconds(1))))
        if let floor = try RestoreFloor.learn(common.name, buses: common.buses.map(\.subscribe), context: context, security: security, window: window) {
            try database.write { try Outbox.raiseFloor($0, sequence: floor.sequence, epoch: floor.epoch) }
            logger.notice("restored store: sequence floor raised", metadata: ["sequence": "\(floor.sequence)", "epoch": "\(floor.epoch)"])
        } else {
            logger.warning("restored store: no consumer said how far it applied this instance's events; numbering goes on from the backup's")
        }
        try FileManager.default.removeItem(atPath: marker)
    }

    /// Publishes the outbox's committed events to the bus and serves replays of them.
    @discardableResult
    public func publish(_ outbox: Outbox, database: any DatabaseWriter) -> OutboxRelay {
        let relay = OutboxRelay(
            outbox: outbox, database: database, context: context,
            configuration: RelayConfiguration(busPublish: common.buses.map(\.publish), replayBind: common.replay, advertisedHost: common.advertise,
                                              claims: claims),
            security: security, clock: clock, announcement: announcement, logger: logger)
        services.append(relay)
        endpoints.append(("replay", { await relay.replayEndpoint.value }))
        return relay
    }

    /// Applies events under `prefixes` with `handlers`, each exactly once, in this store's transactions;
    /// `lingerMilliseconds`: how long arrived events may wait for more to share their commit (a consumer off
    /// the critical path — a read model, notices — trades that latency for fewer fsyncs).
    @discardableResult
    public func consume(_ prefixes: [String], database: any DatabaseWriter, handlers: EventHandlers,
                        lingerMilliseconds: Int = 0) -> InboxConsumer {
        let consumer = InboxConsumer(
            configuration: ConsumerConfiguration(name: common.name, busSubscribe: common.buses.map(\.subscribe), prefixes: prefixes,
                                                 lingerMilliseconds: lingerMilliseconds, claims: claims),
            database: database, context: context, security: security, clock: clock, logger: logger, handlers: handlers,
            peers: claims == nil ? nil : peers)
        services.append(consumer)
        endpoints.append(("", { await consumer.subscribed.value.map { "" } }))
        return consumer
    }

    /// The request desk of one endpoint on `database`: this service's clock, security, rate limits and logger.
    public func desk<Endpoint: RequestEndpoint>(_ endpoint: Endpoint, database: any DatabaseWriter,
                                                stats: DeliveryStats? = nil) -> RequestDesk<Endpoint> {
        RequestDesk(endpoint, database: database, clock: clock, security: security, rateLimiter: rateLimiter, logger: logger,
                    stats: stats ?? DeliveryStats(role: "desk", name: "\(service)-\(Endpoint.name)"))
    }

    /// A request-reply endpoint (REQ or DEALER clients) of a security domain, named in the readiness line,
    /// answered by `desk`: the requests waiting together are committed as one batch.
    @discardableResult
    public func serve<Endpoint: RequestEndpoint>(_ name: String, bind: String, domain: SecurityDomain, maximumRequestSize: Int = 64 * 1024,
                                                 desk: RequestDesk<Endpoint>) -> ReplyServer {
        let server = ReplyServer(name: "\(service)-\(name)", context: context, bind: bind, maximumRequestSize: maximumRequestSize,
                                 security: security, domain: domain, advertisedHost: common.advertise, logger: logger, answer: desk.answer(batch:))
        services.append(server)
        endpoints.append((name, { await server.endpoint.value }))
        return server
    }

    /// Any other long-running part (a webhook deliverer, a timer, the bus proxy), and the addresses it
    /// announces once up.
    public func run(_ service: any Service, announcing named: [(String, @Sendable () async -> Result<String, any Error>)] = []) {
        services.append(service)
        endpoints += named
    }

    /// A read-only JSON resource on the operations server: `GET /<name>/<id>`.
    public func read(_ name: String, _ route: @escaping OperationsServer.ReadRoute) { reads[name] = route }

    /// A read-only JSON resource on the operations server answering `GET /<name>?key=value…`. With `spanning`, a
    /// report each instance of a service split by street counts for its own streets: every instance answers for the
    /// whole city by adding up its peers' answers with it (this one's body first).
    public func query(_ name: String, _ route: @escaping OperationsServer.QueryRoute, spanning combine: OperationsServer.Combine? = nil) {
        queries[name] = route
        spanning[name] = combine
    }

    /// Serves `GET /<name>/:id` as an HTML document (a printable agreement): the route returns its UTF-8 bytes.
    public func page(_ name: String, _ route: @escaping OperationsServer.ReadRoute) { pages[name] = route }

    /// Every service to run, ending with the operations server (`/health`, `/metrics` and the reads) and
    /// the readiness announcement.
    public func finish() throws -> AssembledService {
        let front = claims.map { _ in PartitionFront(service: service, name: common.name, peers: peers, logger: logger) }
        let operations = try OperationsServer(service: service, listen: common.http, logger: logger, reads: reads, pages: pages, queries: queries,
                                              spanning: spanning, front: front, keyRing: security.keyRing)
        endpoints.append(("http", { await operations.address.value }))
        let readiness = Readiness(service: service, endpoints: endpoints, advertise: common.advertise, announcement: announcement)
        return AssembledService(services: services + [operations, readiness], ready: readiness.addresses)
    }
}

/// What an assembly built: the services to run, and the addresses they bound once all are up.
public struct AssembledService: Sendable {
    public let services: [any Service]
    /// Completed once every part is up: each named endpoint's address (`replay`, `commands`, `http` …),
    /// or the first failure.
    public let ready: StartupSignal<Result<[String: String], any Error>>
}

/// The shared settings the assembly needs.
struct CommonSettings: Sendable {
    var buses: [BusAddresses]
    var name: String
    var replay: String
    var advertise: String
    var http: String
    var claimWait: Duration
}

/// Waits for every part to be up, prints `READY <service> name=address …`, then waits for shutdown.
struct Readiness: Service {
    let service: String
    let endpoints: [(String, @Sendable () async -> Result<String, any Error>)]
    /// The host peers reach a wildcard bind by, and where the heartbeats learn the addresses.
    let advertise: String
    let announcement: Announcement
    let addresses = StartupSignal<Result<[String: String], any Error>>()

    func run() async throws {
        var bound: [(String, String)] = []
        for (name, address) in endpoints {
            switch await address() {
            case .success(let value): if !name.isEmpty { bound.append((name, value)) }
            case .failure(let error):
                // The failing part throws its own error; this only reports it to waiting tests.
                addresses.complete(.failure(error))
                try? await gracefulShutdown()
                return
            }
        }
        let reachable = bound.filter { $0.0 != "replay" }.map { ($0.0, Endpoint.connectable(boundAddress: $0.1, advertisedHost: advertise)) }
        announcement.publish(Dictionary(reachable, uniquingKeysWith: { $1 }))
        addresses.complete(.success(Dictionary(bound, uniquingKeysWith: { $1 })))
        ServiceRunner.announceReady(service, bound)
        try? await gracefulShutdown()
    }
}

/// What one service is made of, beyond what every service shares: its options, its store, and how its
/// parts are wired into the assembly (what it publishes, consumes, serves and reads out).
public protocol ServiceDefinition {
    associatedtype Options: ServiceOptions
    associatedtype Schema: StoreSchema
    static func wire(_ assembly: ServiceAssembly, store: ServiceStore<Schema>, settings: ServiceSettings<Options>) throws
}

/// A service whose store is a read model of what others published (the web console): `--rebuild` empties these tables
/// and its inbox offsets and builds them again from the producers' replays; its own records (an audit, sessions) stay.
public protocol ReadModelDefinition: ServiceDefinition {
    static var readModelTables: [String] { get }
}

/// Every store-owning service, built one way: open the store, wire the service's parts, add the
/// operations server and the readiness line. The executables and the tests build the same thing.
public struct WhistleService<Definition: ServiceDefinition>: RunnableService {
    public let store: ServiceStore<Definition.Schema>
    public let assembled: AssembledService

    public init(settings: ServiceSettings<Definition.Options>, environment: ServiceEnvironment) throws {
        let assembly = try ServiceAssembly(settings: settings, environment: environment)
        let path = Self.storeFile(settings)
        store = try ServiceStore(.file(path), name: settings.name, logger: environment.logger)
        try assembly.raiseFloorIfRestored(marker: path + StoreBackup.restoredSuffix, database: store.database)
        try Definition.wire(assembly, store: store, settings: settings)
        assembled = try assembly.finish()
    }

    public static func store(_ settings: ServiceSettings<Definition.Options>) -> (path: String, service: String)? {
        (storeFile(settings), Definition.Schema.service)
    }

    public static var keepsStore: Bool { true }

    public static var readModelTables: [String]? { (Definition.self as? any ReadModelDefinition.Type)?.readModelTables }

    private static func storeFile(_ settings: ServiceSettings<Definition.Options>) -> String {
        settings.storePath(Definition.Schema.fileName)
    }
}
