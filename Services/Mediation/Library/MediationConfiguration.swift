public import ServiceKit
import Messaging
import ZeroMQ

/// `whistle-mediation` configuration (YAML file and/or `WHISTLE_…` environment):
///
///     bus: {publish: tcp://127.0.0.1:7100, subscribe: tcp://127.0.0.1:7101}
///     mediation: {producer: mediation-1, cases: [case.reported.]}
///     dataDirectory: data/mediation
public struct MediationConfiguration: ServiceConfiguration, Equatable {
    public struct Endpoints: Codable, Sendable, Equatable {
        public var producer: String
        public var replay: String?
        public var cases: [String]?

        public init(producer: String, replay: String? = nil, cases: [String]? = nil) {
            self.producer = producer
            self.replay = replay
            self.cases = cases
        }
    }

    public var bus: BusAddresses
    public var mediation: Endpoints
    public var dataDirectory: String
    public var city: String?
    public var logLevel: String?
    /// Where `/health` and `/metrics` listen (`host:port`; default 127.0.0.1 on an ephemeral port).
    public var http: String?

    public init(bus: BusAddresses, mediation: Endpoints, dataDirectory: String, city: String? = nil, logLevel: String? = nil) {
        self.bus = bus
        self.mediation = mediation
        self.dataDirectory = dataDirectory
        self.city = city
        self.logLevel = logLevel
    }

    public func validate() throws(ConfigurationError) {
        for (key, value) in [("bus.publish", bus.publish), ("bus.subscribe", bus.subscribe)]
        where Endpoint(parsing: value, defaultMode: .connect) == nil {
            throw .invalid(key: key, reason: "'\(value)' is not a ZeroMQ address such as tcp://127.0.0.1:7100")
        }
        do { _ = try ProducerName.validated(mediation.producer) } catch {
            throw .invalid(key: "mediation.producer", reason: "'\(mediation.producer)' must be 1-64 of a-z, 0-9, '-', '_'")
        }
    }
}
