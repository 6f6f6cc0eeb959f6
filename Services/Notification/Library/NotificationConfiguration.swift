public import ServiceKit
import ZeroMQ

/// `whistle-notification` configuration (YAML file and/or `WHISTLE_…` environment):
///
///     bus: {publish: tcp://127.0.0.1:7100, subscribe: tcp://127.0.0.1:7101}
///     notification: {name: notification-1, maxAttempts: 8}
///     dataDirectory: data/notification
///     residentWebhooks: {r-001: "http://127.0.0.1:9999/hooks/r-001"}   # override the city file's addresses
public struct NotificationConfiguration: ServiceConfiguration, Equatable {
    public struct Settings: Codable, Sendable, Equatable {
        public var name: String
        /// Webhook attempts before a delivery is marked failed (back-off doubles from 1 s to 60 s).
        public var maxAttempts: Int?

        public init(name: String, maxAttempts: Int? = nil) {
            self.name = name
            self.maxAttempts = maxAttempts
        }
    }

    public var bus: BusAddresses
    public var notification: Settings
    public var dataDirectory: String
    public var city: String?
    public var residentWebhooks: [String: String]?
    public var logLevel: String?
    /// Where `/health` and `/metrics` listen (`host:port`; default 127.0.0.1 on an ephemeral port).
    public var http: String?

    public init(bus: BusAddresses, notification: Settings, dataDirectory: String, city: String? = nil,
                residentWebhooks: [String: String]? = nil, logLevel: String? = nil) {
        self.bus = bus
        self.notification = notification
        self.dataDirectory = dataDirectory
        self.city = city
        self.residentWebhooks = residentWebhooks
        self.logLevel = logLevel
    }

    public func validate() throws(ConfigurationError) {
        guard Endpoint(parsing: bus.subscribe, defaultMode: .connect) != nil else {
            throw .invalid(key: "bus.subscribe", reason: "'\(bus.subscribe)' is not a ZeroMQ address such as tcp://127.0.0.1:7101")
        }
        guard (1...50).contains(notification.maxAttempts ?? 8) else {
            throw .invalid(key: "notification.maxAttempts", reason: "must be between 1 and 50")
        }
        for (resident, url) in residentWebhooks ?? [:] where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw .invalid(key: "residentWebhooks.\(resident)", reason: "'\(url)' is not an http(s) URL")
        }
    }
}
