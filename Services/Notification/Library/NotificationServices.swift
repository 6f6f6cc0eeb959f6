public import Logging
public import Messaging
public import ServiceLifecycle
public import ZeroMQ
import CityModel
import Foundation
public import ServiceKit

/// Everything `whistle-notification` runs: the consumer that turns events into deliveries, and the
/// webhook deliverer.
public struct NotificationServices: Sendable {
    public let store: NotificationStore
    public let consumer: InboxConsumer
    public let webhooks: WebhookDeliverer
    public let operations: OperationsServer

    public init(configuration: NotificationConfiguration, context: ZMQContext, logger: Logger) throws {
        let city = try City.configured(configuration.city)
        let path = URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("notification.sqlite").path
        let store = try NotificationStore(.file(path), logger: logger)
        self.store = store
        let messages = try Messages(city: city)
        var addresses: [String: String] = [:]
        for resident in city.residents { addresses[resident.id] = resident.webhook }
        addresses.merge(configuration.residentWebhooks ?? [:]) { $1 }
        consumer = InboxConsumer(
            configuration: ConsumerConfiguration(name: configuration.notification.name, busSubscribe: configuration.bus.subscribe,
                                                 prefixes: ["case.reported.", "status.case.", "mediation.opened."]),
            database: store.database, context: context, logger: logger
        ) { [addresses] db, delivered in
            try NotificationStore.enqueue(db, event: delivered.event, messages: messages, webhooks: addresses)
        }
        operations = try OperationsServer(service: "notification", listen: configuration.http, logger: logger)
        webhooks = WebhookDeliverer(store: store, maxAttempts: configuration.notification.maxAttempts ?? 8, logger: logger)
    }

    public var all: [any Service] { [consumer, webhooks, operations, Ready(services: self)] }

    struct Ready: Service {
        let services: NotificationServices

        func run() async throws {
            if case .success = await services.consumer.subscribed.value,
               case .success(let http) = await services.operations.address.value {
                ServiceRunner.announceReady("notification", ["http": http])
            }
            try? await gracefulShutdown()
        }
    }
}
