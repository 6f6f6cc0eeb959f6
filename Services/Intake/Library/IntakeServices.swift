import CityModel
public import Logging
public import Messaging
public import ServiceKit
public import ServiceLifecycle
public import ZeroMQ
import Foundation
import StoreKit

/// Everything `whistle-intake` runs, built the same way by the executable and by tests.
public struct IntakeServices: Sendable {
    public let store: IntakeStore
    public let relay: OutboxRelay
    public let ingest: IngestServer
    public let operations: OperationsServer

    public init(configuration: IntakeConfiguration, context: ZMQContext, logger: Logger) throws {
        let city = try City.configured(configuration.city)
        let path = URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("intake.sqlite").path
        store = try IntakeStore(.file(path), producer: configuration.intake.producer, logger: logger)
        relay = OutboxRelay(
            outbox: store.outbox, database: store.database, context: context,
            configuration: RelayConfiguration(busPublish: configuration.bus.publish,
                                              replayBind: configuration.intake.replay ?? "tcp://127.0.0.1:*"),
            logger: logger)
        operations = try OperationsServer(service: "intake", listen: configuration.http, logger: logger)
        ingest = IngestServer(store: store, city: city, context: context, bind: configuration.intake.ingest,
                              alarmWindow: configuration.alarmWindow, logger: logger)
    }

    /// The services for a `ServiceGroup`, plus one that prints `READY intake …` once both sockets are bound.
    public var all: [any Service] { [relay, ingest.server, operations, Ready(services: self)] }

    struct Ready: Service {
        let services: IntakeServices

        func run() async throws {
            if case .success(let ingest) = await services.ingest.endpoint.value,
               case .success(let replay) = await services.relay.replayEndpoint.value,
               case .success(let http) = await services.operations.address.value {
                ServiceRunner.announceReady("intake", ["ingest": ingest, "replay": replay, "http": http])
            }
            try? await gracefulShutdown()
        }
    }
}
