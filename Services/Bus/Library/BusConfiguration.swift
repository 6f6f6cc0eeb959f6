public import ServiceKit
import ZeroMQ

/// `whistle-bus` configuration: `bus.publish`, `bus.subscribe` (bind addresses, `*` port allowed),
/// `maximumMessageSize` in bytes (larger messages get their sender disconnected).
public struct BusConfiguration: ServiceConfiguration, Equatable {
    public var bus: BusAddresses
    public var maximumMessageSize: Int
    public var logLevel: String
    /// Where `/health` and `/metrics` listen (`host:port`).
    public var http: String?

    public init(bus: BusAddresses, maximumMessageSize: Int = 1 << 20, logLevel: String = "info") {
        self.bus = bus
        self.maximumMessageSize = maximumMessageSize
        self.logLevel = logLevel
    }

    enum CodingKeys: String, CodingKey { case bus, maximumMessageSize, logLevel, http }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bus = try container.decode(BusAddresses.self, forKey: .bus)
        maximumMessageSize = try container.decodeIfPresent(Int.self, forKey: .maximumMessageSize) ?? 1 << 20
        logLevel = try container.decodeIfPresent(String.self, forKey: .logLevel) ?? "info"
        http = try container.decodeIfPresent(String.self, forKey: .http)
    }

    public func validate() throws(ConfigurationError) {
        for (key, value) in [("bus.publish", bus.publish), ("bus.subscribe", bus.subscribe)]
        where Endpoint(parsing: value, defaultMode: .bind) == nil {
            throw .invalid(key: key, reason: "'\(value)' is not a ZeroMQ address such as tcp://127.0.0.1:7100")
        }
        guard bus.publish != bus.subscribe || bus.publish.hasSuffix(":*") else {
            throw .invalid(key: "bus.subscribe", reason: "must differ from bus.publish")
        }
        guard (1024...(64 << 20)).contains(maximumMessageSize) else {
            throw .invalid(key: "maximumMessageSize", reason: "must be between 1024 and 67108864 bytes")
        }
        guard ["trace", "debug", "info", "notice", "warning", "error", "critical"].contains(logLevel) else {
            throw .invalid(key: "logLevel", reason: "'\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
    }
}
