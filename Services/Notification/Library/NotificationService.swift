@_exported public import WhistleNotificationDomain
public import ServiceKit
import CityModel
import Contracts
import Timekeeping
import Credentials
public import Messaging

/// `whistle-notification`: turns what happens to a case into messages for the people who must hear of
/// it — the in-app inbox at once, webhooks, e-mail and text messages with retries — and a digest per period to those who
/// chose one.
public enum NotificationDefinition: ServiceDefinition {
    public static func wire(_ assembly: ServiceAssembly, store: NotificationStore, settings: ServiceSettings<NotificationOptions>) throws {
        let city = try City.configured(settings.city)
        let bell = DeliveryBell()
        let options = settings.options
        let addresses = options.addresses(over: city)
        let book = try TemplateBook(overrides: options.templates)
        let handlers = NotificationHandlers(store: store, announcer: Announcer(city: city, book: book), addresses: addresses, city: city,
                                            clock: assembly.clock, bell: bell)
        assembly.consume(handlers.subscriptions, database: store.database, handlers: handlers.handlers)
        assembly.serve("commands", bind: options.commands, domain: .notification,
                       desk: assembly.desk(NotificationCommands(store: store, city: city, bell: bell).endpoint, database: store.database))
        let reads = NotificationReads(store: store, city: city, clock: assembly.clock)
        assembly.query("deliveries", reads.deliveries)
        assembly.read("deliveries", reads.delivery)
        assembly.query("inbox", reads.inbox)
        assembly.read("recipients", reads.preferences)
        var couriers: [DeliveryChannel: any Courier] = [.webhook: WebhookCourier(signer: WebhookSigner(secrets: options.webhookSecrets), clock: assembly.clock)]
        if let host = options.smtp.host {
            couriers[.email] = MailCourier(client: try SMTPClient(options: options.smtp, host: host), timeZone: city.calendar.timeZone, clock: assembly.clock,
                                           requesters: options.intake.map { RequesterDirectory(intake: $0, apiKey: assembly.security.own?.apiKey) })
        }
        if let url = options.sms.url { couriers[.sms] = SMSCourier(options: options.sms, url: url, clock: assembly.clock) }
        let digests = DigestTimers(store: store, addresses: addresses, book: book, city: city, bell: bell)
        assembly.run(DueTimerService("digests", of: "notification", clock: assembly.clock, tick: .milliseconds(options.digestTickMilliseconds),
                                     logger: assembly.logger, fire: digests.fire))
        assembly.run(Deliverer(store: store, policy: RetryPolicy(maxAttempts: options.maxAttempts), couriers: couriers,
                               smsCap: (options.sms.dailyCap, city.calendar.utcOffset), bell: bell, clock: assembly.clock, logger: assembly.logger))
    }
}

public typealias NotificationService = WhistleService<NotificationDefinition>
