public import Envelope
public import Foundation
public import GRDB
public import Logging
public import Messaging
public import ServiceLifecycle
public import ZeroMQ

/// The one way a service is put together: its store's outbox gets a relay, its consumers and command
/// endpoints are added, the operations server goes last, and a readiness service prints
/// `READY <service> key=address …` once every socket is bound. A service declares only what differs;
/// the order, the names and the readiness line are the same everywhere.
public final class ServiceAssembly {
    public let service: String
    let common: CommonSettings
    let context: ZMQContext
    let logger: Logger
    private var services: [any Service] = []
    private var endpoints: [(String, @Sendable () async -> Result<String, any Error>)] = []

    public init<Options>(_ service: String, settings: ServiceSettings<Options>, context: ZMQContext, logger: Logger) {
        self.service = service
        self.common = CommonSettings(bus: settings.bus, name: settings.name, replay: settings.replay, advertise: settings.advertise,
                                     http: settings.http)
        self.context = context
        self.logger = logger
    }

    /// Publishes the outbox's committed events to the bus and serves replays of them.
    @discardableResult
    public func publish(_ outbox: Outbox, database: any DatabaseWriter) -> OutboxRelay {
        let relay = OutboxRelay(
            outbox: outbox, database: database, context: context,
            configuration: RelayConfiguration(busPublish: common.bus.publish, replayBind: common.replay, advertisedHost: common.advertise),
            logger: logger)
        services.append(relay)
        endpoints.append(("replay", { await relay.replayEndpoint.value }))
        return relay
    }

    /// Applies events under `prefixes` with `handlers`, each exactly once, in this store's transactions.
    @discardableResult
    public func consume(_ prefixes: [String], database: any DatabaseWriter, handlers: EventHandlers) -> InboxConsumer {
        let consumer = InboxConsumer(
            configuration: ConsumerConfiguration(name: common.name, busSubscribe: common.bus.subscribe, prefixes: prefixes),
            database: database, context: context, logger: logger, handlers: handlers)
        services.append(consumer)
        endpoints.append(("", { await consumer.subscribed.value.map { "" } }))
        return consumer
    }

    /// A request-reply endpoint (REQ or DEALER clients), named in the readiness line.
    @discardableResult
    public func serve(_ name: String, bind: String, maximumRequestSize: Int = 64 * 1024, answer: @escaping ReplyServer.Answer) -> ReplyServer {
        let server = ReplyServer(name: "\(service)-\(name)", context: context, bind: bind, maximumRequestSize: maximumRequestSize,
                                 logger: logger, answer: answer)
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

    /// Every service to run, ending with the operations server (`/health`, `/metrics` and `reads`) and
    /// the readiness announcement.
    public func finish(reads: [String: OperationsServer.ReadRoute] = [:]) throws -> AssembledService {
        let operations = try OperationsServer(service: service, listen: common.http, logger: logger, reads: reads)
        endpoints.append(("http", { await operations.address.value }))
        let readiness = Readiness(service: service, endpoints: endpoints)
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
    var bus: BusAddresses
    var name: String
    var replay: String
    var advertise: String
    var http: String
}

/// Waits for every part to be up, prints `READY <service> name=address …`, then waits for shutdown.
struct Readiness: Service {
    let service: String
    let endpoints: [(String, @Sendable () async -> Result<String, any Error>)]
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
        addresses.complete(.success(Dictionary(bound, uniquingKeysWith: { $1 })))
        ServiceRunner.announceReady(service, bound)
        try? await gracefulShutdown()
    }
}
