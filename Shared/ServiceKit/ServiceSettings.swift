public import Envelope
import Logging
import ZeroMQ

/// A service's configuration: the block every service shares (the bus, its instance name, its data
/// folder, its replay and HTTP addresses, its log level, the city file) plus its own section, `Options`.
/// Every default is stated once, in `defaults`; the YAML file and `WHISTLE_…` variables are laid over it:
///
///     bus: {publish: tcp://127.0.0.1:7100, subscribe: tcp://127.0.0.1:7101}   # or a list of buses:
///     # bus: [{publish: tcp://bus-a:7100, subscribe: tcp://bus-a:7101}, {publish: tcp://bus-b:7100, subscribe: tcp://bus-b:7101}]
///     name: dispatch-s01            # producer and consumer name on the bus; unique per instance
///     dataDirectory: data/dispatch  # this instance's SQLite file lives here
///     replay: tcp://127.0.0.1:*     # replay ROUTER (* = ephemeral port, announced in heartbeats)
///     advertise: 127.0.0.1          # the host peers reach a wildcard bind by (a container's name)
///     http: 127.0.0.1:0             # /health and /metrics
///     logLevel: info
///     claimWaitMilliseconds: 1500   # how long an instance that owns areas listens for another owner before it starts
///     city: path/to/city.yaml       # optional; the embedded demo city otherwise
///     security: {keys: data/keys}   # CURVE on every socket (SecuritySettings); absent: plaintext
///     dispatch: {commands: tcp://127.0.0.1:7300, cases: [case.reported.s01.]}
public struct ServiceSettings<Options: ServiceOptions>: ServiceConfiguration {
    /// Every bus this instance publishes to and subscribes from (one, or several redundant ones).
    public var buses: [BusAddresses]
    public var name: String
    public var dataDirectory: String
    public var replay: String
    public var advertise: String
    public var http: String
    public var logLevel: String
    /// How long an instance that owns areas (dispatch's, mediation's streets) listens to the buses' heartbeats
    /// for another live owner of any of them before it starts; 0 skips the check (tests on a private bus).
    public var claimWaitMilliseconds: Int
    public var city: String?
    public var security: SecuritySettings
    public var options: Options

    public init(buses: [BusAddresses], name: String = Options.defaultName, dataDirectory: String, replay: String = "tcp://127.0.0.1:*",
                advertise: String = "127.0.0.1", http: String = "127.0.0.1:0", logLevel: String = "info", claimWaitMilliseconds: Int = 1500,
                city: String? = nil, security: SecuritySettings = SecuritySettings(), options: Options = Options()) {
        self.claimWaitMilliseconds = claimWaitMilliseconds
        (self.buses, self.name, self.dataDirectory, self.replay, self.advertise) = (buses, name, dataDirectory, replay, advertise)
        (self.http, self.logLevel, self.city, self.security, self.options) = (http, logLevel, city, security, options)
    }

    public static var defaults: JSONValue {
        [
            "bus": ["publish": "tcp://127.0.0.1:7100", "subscribe": "tcp://127.0.0.1:7101"],
            "name": .string(Options.defaultName), "dataDirectory": .string("data/" + Options.section),
            "replay": "tcp://127.0.0.1:*", "advertise": "127.0.0.1", "http": "127.0.0.1:0", "logLevel": "info", "claimWaitMilliseconds": 1500,
            "security": (try? JSONValueEncoder().encode(SecuritySettings())) ?? [:],
            Options.section: (try? JSONValueEncoder().encode(Options())) ?? [:],
        ]
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        // `bus:` is one bus's addresses or a list of buses (each decoded strictly, so an error names its entry).
        if (try? container.nestedUnkeyedContainer(forKey: AnyKey("bus"))) != nil {
            buses = try container.decode([BusAddresses].self, forKey: AnyKey("bus"))
        } else {
            buses = [try container.decode(BusAddresses.self, forKey: AnyKey("bus"))]
        }
        name = try container.decode(String.self, forKey: AnyKey("name"))
        dataDirectory = try container.decode(String.self, forKey: AnyKey("dataDirectory"))
        replay = try container.decode(String.self, forKey: AnyKey("replay"))
        advertise = try container.decode(String.self, forKey: AnyKey("advertise"))
        http = try container.decode(String.self, forKey: AnyKey("http"))
        logLevel = try container.decode(String.self, forKey: AnyKey("logLevel"))
        claimWaitMilliseconds = try container.decode(Int.self, forKey: AnyKey("claimWaitMilliseconds"))
        city = try container.decodeIfPresent(String.self, forKey: AnyKey("city"))
        security = try container.decode(SecuritySettings.self, forKey: AnyKey("security"))
        options = try container.decode(Options.self, forKey: AnyKey(Options.section))
    }

    public func validate() throws(ConfigurationError) {
        try Self.check(buses: buses)
        try Self.check(address: replay, key: "replay")
        do { _ = try ProducerName.validated(name) } catch {
            throw .invalid(key: "name", reason: "'\(name)' must be 1-64 of a-z, 0-9, '-', '_'")
        }
        guard !dataDirectory.isEmpty else { throw .invalid(key: "dataDirectory", reason: "must not be empty") }
        _ = try HTTPAddress(http)
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw .invalid(key: "logLevel", reason: "'\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        guard (0...60_000).contains(claimWaitMilliseconds) else {
            throw .invalid(key: "claimWaitMilliseconds", reason: "\(claimWaitMilliseconds) is not 0 to 60000 (longer than a heartbeat, 1000, to see every owner)")
        }
        try security.validate()
        try options.validate()
    }

    /// Throws unless `address` is a ZeroMQ address such as `tcp://127.0.0.1:7100`.
    public static func check(address: String, key: String) throws(ConfigurationError) {
        guard Endpoint(parsing: address, defaultMode: .connect) != nil else {
            throw .invalid(key: key, reason: "'\(address)' is not a ZeroMQ address such as tcp://127.0.0.1:7100")
        }
    }

    /// Throws unless every one of `streets` is a street code such as `s01` (or `*`, every street, when `every` allows it).
    public static func check(streets: [String], key: String, every: Bool = false) throws(ConfigurationError) {
        for street in streets where !(every && street == "*") && (street.isEmpty || !street.allSatisfy({ $0.isLowercase || $0.isNumber })) {
            throw .invalid(key: key, reason: "'\(street)' is not a street code such as s01" + (every ? ", nor * (every street)" : ""))
        }
    }

    /// The path of this instance's SQLite file, `<dataDirectory>/<file>`.
    public func storePath(_ file: String) -> String { dataDirectory + "/" + file }
}

/// A service's own configuration section: plain `Codable` members whose defaults are `init()`'s.
public protocol ServiceOptions: Codable, Sendable {
    /// The section's key (`dispatch`), also the default data folder's name.
    static var section: String { get }
    /// The service's name in its readiness line and metrics (the section's key unless it says otherwise).
    static var service: String { get }
    /// The instance name when none is configured (`dispatch-1`).
    static var defaultName: String { get }
    init()
    func validate() throws(ConfigurationError)
}

extension ServiceOptions {
    public static var service: String { section }
    public static var defaultName: String { section + "-1" }
}

/// `host:port` for an HTTP listener; port 0 picks a free one.
public struct HTTPAddress: Sendable, Equatable {
    public let host: String
    public let port: Int

    public init(_ text: String) throws(ConfigurationError) {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
              let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw .invalid(key: "http", reason: "'\(text)' is not host:port, such as 127.0.0.1:8081")
        }
        host = String(text[..<colon])
        self.port = port
    }
}
