public import Logging
public import ServiceKit
public import ServiceLifecycle
public import Timekeeping
public import ZeroMQ
import CityModel
import Contracts
import Messaging
import StoreKit

/// `whistle-notification`: turns what happens to a case into messages for the people who must hear of
/// it — the in-app inbox at once, webhooks with retries. Built the same way by the executable and by tests.
public struct NotificationService: RunnableService {
    public static let label = "whistle-notification"
    public static let abstract = "Tells residents what happens to their cases: in-app inbox and webhooks with retries."
    public static let example = "WHISTLE_NAME=notification-1 WHISTLE_DATA_DIRECTORY=data/notification WHISTLE_NOTIFICATION__WEBHOOKS='{r-001: http://127.0.0.1:9999/hooks/r-001}' whistle-notification"

    public let store: NotificationStore
    public let assembled: AssembledService
    public var services: [any Service] { assembled.services }

    public init(settings: ServiceSettings<NotificationOptions>, context: ZMQContext, logger: Logger) throws {
        try self.init(settings: settings, context: context, logger: logger, clock: SystemClock())
    }

    public init(settings: ServiceSettings<NotificationOptions>, context: ZMQContext, logger: Logger, clock: any WallClock) throws {
        let city = try City.configured(settings.city)
        let store = try NotificationStore(.file(settings.storePath("notification.sqlite")), logger: logger)
        self.store = store
        let announcer = try Announcer(city: city)
        var webhooks: [String: String] = [:]
        for resident in city.residents { webhooks[resident.id] = resident.webhook }
        webhooks.merge(settings.options.webhooks) { $1 }
        let assembly = ServiceAssembly("notification", settings: settings, context: context, logger: logger)
        assembly.consume([Topics.caseReported, Topics.caseStatus], database: store.database,
                         handlers: NotificationHandlers(store: store, announcer: announcer, webhooks: webhooks, clock: clock).handlers)
        assembly.run(WebhookDeliverer(store: store, policy: RetryPolicy(maxAttempts: settings.options.maxAttempts), clock: clock, logger: logger))
        assembled = try assembly.finish()
    }
}

/// Notification's own section, `notification:`.
public struct NotificationOptions: ServiceOptions {
    public static let section = "notification"
    public static let defaultName = "notification-1"
    /// Webhook attempts before a delivery is marked failed (back-off doubles from 1 s to 60 s).
    public var maxAttempts = 8
    /// Residents' webhook addresses, over the city file's: `{r-001: "http://127.0.0.1:9999/hooks/r-001"}`.
    public var webhooks: [String: String] = [:]

    public init() {}

    public func validate() throws(ConfigurationError) {
        guard (1...50).contains(maxAttempts) else { throw .invalid(key: "notification.maxAttempts", reason: "must be between 1 and 50") }
        for (resident, url) in webhooks where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw .invalid(key: "notification.webhooks.\(resident)", reason: "'\(url)' is not an http(s) URL")
        }
    }
}
