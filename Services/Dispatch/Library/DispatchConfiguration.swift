public import ServiceKit
import Messaging
import ZeroMQ

/// `whistle-dispatch` configuration (YAML file and/or `WHISTLE_…` environment):
///
///     bus: {publish: tcp://127.0.0.1:7100, subscribe: tcp://127.0.0.1:7101}
///     dispatch: {commands: tcp://127.0.0.1:7300, producer: dispatch-1, cases: [case.reported.]}
///     dataDirectory: data/dispatch
///     acknowledgeMinutes: 30            # a department must report for duty within this
///
/// `dispatch.cases` are the topic prefixes this instance takes: `[case.reported.s01.]` partitions
/// dispatch by street, one instance per street, each with its own store and producer name.
public struct DispatchConfiguration: ServiceConfiguration, Equatable {
    public struct Endpoints: Codable, Sendable, Equatable {
        public var commands: String
        public var producer: String
        public var replay: String?
        public var cases: [String]?

        public init(commands: String, producer: String, replay: String? = nil, cases: [String]? = nil) {
            self.commands = commands
            self.producer = producer
            self.replay = replay
            self.cases = cases
        }
    }

    public var bus: BusAddresses
    public var dispatch: Endpoints
    public var dataDirectory: String
    public var city: String?
    public var acknowledgeMinutes: Double?
    public var logLevel: String?
    /// Where `/health` and `/metrics` listen (`host:port`; default 127.0.0.1 on an ephemeral port).
    public var http: String?

    public init(bus: BusAddresses, dispatch: Endpoints, dataDirectory: String, city: String? = nil,
                acknowledgeMinutes: Double? = nil, logLevel: String? = nil) {
        self.bus = bus
        self.dispatch = dispatch
        self.dataDirectory = dataDirectory
        self.city = city
        self.acknowledgeMinutes = acknowledgeMinutes
        self.logLevel = logLevel
    }

    public var casePrefixes: [String] { dispatch.cases ?? ["case.reported."] }

    public func validate() throws(ConfigurationError) {
        for (key, value) in [("bus.publish", bus.publish), ("bus.subscribe", bus.subscribe), ("dispatch.commands", dispatch.commands)]
        where Endpoint(parsing: value, defaultMode: .connect) == nil {
            throw .invalid(key: key, reason: "'\(value)' is not a ZeroMQ address such as tcp://127.0.0.1:7300")
        }
        do { _ = try ProducerName.validated(dispatch.producer) } catch {
            throw .invalid(key: "dispatch.producer", reason: "'\(dispatch.producer)' must be 1-64 of a-z, 0-9, '-', '_'")
        }
        for prefix in casePrefixes where !prefix.hasPrefix("case.") {
            throw .invalid(key: "dispatch.cases", reason: "'\(prefix)' must start with 'case.'")
        }
        guard (acknowledgeMinutes ?? 30) > 0 else { throw .invalid(key: "acknowledgeMinutes", reason: "must be positive") }
    }
}
