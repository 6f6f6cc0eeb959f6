@_exported public import WhistleNotificationDomain
public import ServiceKit
import CityModel
public import Messaging

/// `whistle-notification`: turns what happens to a case into messages for the people who must hear of
/// it — the in-app inbox at once, webhooks with retries.
public enum NotificationDefinition: ServiceDefinition {
    public static func wire(_ assembly: ServiceAssembly, store: NotificationStore, settings: ServiceSettings<NotificationOptions>) throws {
        let city = try City.configured(settings.city)
        let bell = DeliveryBell()
        let handlers = NotificationHandlers(store: store, announcer: try Announcer(city: city), webhooks: settings.options.webhooks(over: city),
                                            clock: assembly.clock, bell: bell)
        assembly.consume(handlers.subscriptions, database: store.database, handlers: handlers.handlers)
        let reads = NotificationReads(store: store)
        assembly.query("deliveries", reads.deliveries)
        assembly.read("deliveries", reads.delivery)
        assembly.query("inbox", reads.inbox)
        assembly.run(WebhookDeliverer(store: store, policy: RetryPolicy(maxAttempts: settings.options.maxAttempts),
                                      signer: WebhookSigner(secrets: settings.options.webhookSecrets), bell: bell, clock: assembly.clock,
                                      logger: assembly.logger))
    }
}

public typealias NotificationService = WhistleService<NotificationDefinition>
