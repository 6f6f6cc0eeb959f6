public import Logging
public import Messaging
public import ServiceLifecycle
public import ZeroMQ
import CityModel
import Foundation
public import ServiceKit

/// Everything `whistle-mediation` runs, built the same way by the executable and by tests.
public struct MediationServices: Sendable {
    public let store: MediationStore
    public let relay: OutboxRelay
    public let consumer: InboxConsumer
    public let operations: OperationsServer

    public init(configuration: MediationConfiguration, context: ZMQContext, logger: Logger) throws {
        let city = try City.configured(configuration.city)
        let path = URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("mediation.sqlite").path
        let store = try MediationStore(.file(path), producer: configuration.mediation.producer, city: city, logger: logger)
        self.store = store
        relay = OutboxRelay(
            outbox: store.outbox, database: store.database, context: context,
            configuration: RelayConfiguration(busPublish: configuration.bus.publish,
                                              replayBind: configuration.mediation.replay ?? "tcp://127.0.0.1:*"),
            logger: logger)
        operations = try OperationsServer(service: "mediation", listen: configuration.http, logger: logger)
        consumer = InboxConsumer(
            configuration: ConsumerConfiguration(name: configuration.mediation.producer, busSubscribe: configuration.bus.subscribe,
                                                 prefixes: configuration.mediation.cases ?? ["case.reported."]),
            database: store.database, context: context, logger: logger
        ) { db, event in try store.receive(db, event) }
    }

    public var all: [any Service] { [relay, consumer, operations, Ready(services: self)] }

    struct Ready: Service {
        let services: MediationServices

        func run() async throws {
            if case .success(let replay) = await services.relay.replayEndpoint.value,
               case .success = await services.consumer.subscribed.value,
               case .success(let http) = await services.operations.address.value {
                ServiceRunner.announceReady("mediation", ["replay": replay, "http": http])
            }
            try? await gracefulShutdown()
        }
    }
}
