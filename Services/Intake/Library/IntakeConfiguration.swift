public import ServiceKit
import ZeroMQ
import Messaging

/// `whistle-intake` configuration (YAML file and/or `WHISTLE_…` environment):
///
///     bus: {publish: tcp://127.0.0.1:7100, subscribe: tcp://127.0.0.1:7101}
///     intake: {ingest: tcp://127.0.0.1:7200, producer: intake-1, replay: tcp://127.0.0.1:*}
///     dataDirectory: data/intake        # intake.sqlite goes here
///     city: path/to/city.yaml           # optional; the embedded demo city otherwise
///     alarmWindowSeconds: 600           # repeated alarms from one device within this join one case
public struct IntakeConfiguration: ServiceConfiguration, Equatable {
    public struct Endpoints: Codable, Sendable, Equatable {
        /// Where the acknowledged ingest ROUTER binds.
        public var ingest: String
        /// This producer's name on the bus (unique per instance: `intake-1`, `intake-s02`).
        public var producer: String
        /// Where the replay ROUTER binds (`*` port = ephemeral, announced in heartbeats).
        public var replay: String?

        public init(ingest: String, producer: String, replay: String? = nil) {
            self.ingest = ingest
            self.producer = producer
            self.replay = replay
        }
    }

    public var bus: BusAddresses
    public var intake: Endpoints
    public var dataDirectory: String
    public var city: String?
    public var alarmWindowSeconds: Double?
    public var logLevel: String?
    /// Where `/health` and `/metrics` listen (`host:port`; default 127.0.0.1 on an ephemeral port).
    public var http: String?

    public init(bus: BusAddresses, intake: Endpoints, dataDirectory: String, city: String? = nil,
                alarmWindowSeconds: Double? = nil, logLevel: String? = nil) {
        self.bus = bus
        self.intake = intake
        self.dataDirectory = dataDirectory
        self.city = city
        self.alarmWindowSeconds = alarmWindowSeconds
        self.logLevel = logLevel
    }

    public var alarmWindow: Double { alarmWindowSeconds ?? 600 }

    public func validate() throws(ConfigurationError) {
        for (key, value, mode) in [("bus.publish", bus.publish, Endpoint.Mode.connect), ("intake.ingest", intake.ingest, .bind),
                                   ("intake.replay", intake.replay ?? "tcp://127.0.0.1:*", .bind)]
        where Endpoint(parsing: value, defaultMode: mode) == nil {
            throw .invalid(key: key, reason: "'\(value)' is not a ZeroMQ address such as tcp://127.0.0.1:7200")
        }
        do { _ = try ProducerName.validated(intake.producer) } catch {
            throw .invalid(key: "intake.producer", reason: "'\(intake.producer)' must be 1-64 of a-z, 0-9, '-', '_'")
        }
        guard !dataDirectory.isEmpty else { throw .invalid(key: "dataDirectory", reason: "must not be empty") }
        guard alarmWindow >= 0 else { throw .invalid(key: "alarmWindowSeconds", reason: "must not be negative") }
    }
}
