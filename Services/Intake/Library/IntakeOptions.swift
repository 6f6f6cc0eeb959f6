public import ServiceKit

/// Intake's own section, `intake:`.
public struct IntakeOptions: ServiceOptions {
    public static let section = "intake"
    /// Where the acknowledged ingest ROUTER binds.
    public var ingest = "tcp://127.0.0.1:7200"
    /// Where the device command ROUTER binds (device-command: register, retire).
    public var commands = "tcp://127.0.0.1:7201"
    /// A resident's report within this many metres of an open case of its category … (0: never linked)
    public var duplicateMetres: Double = 50
    /// … opened within this many hours is linked to it, unless the reporter insists.
    public var duplicateHours: Double = 24
    /// How often the watches (silent devices, residents under care) are looked at, in milliseconds.
    public var watchTickMilliseconds = 1000
    /// Where Open311 GeoReport v2 listens (`host:port`; port 0 picks a free one): `/open311/v2/…`.
    public var open311 = "127.0.0.1:7210"
    /// Open311's public base URL as clients reach it (discovery's `url`), e.g. `https://311.example.gov.cn/open311/v2`;
    /// empty: `http://<host>:<port>/open311/v2` of `open311` (the `advertise` host when it binds every interface).
    public var open311BaseUrl = ""
    /// Without keys: Open311 clients and the SHA-256 (hex) of each one's `api_key`. With keys, an
    /// integrator's key (`whistle keys create`) is its API key and this is not read.
    public var open311Clients: [String: String] = [:]

    public init() {}

    public func validate() throws(ConfigurationError) {
        try ServiceSettings<Self>.check(address: ingest, key: "intake.ingest")
        try ServiceSettings<Self>.check(address: commands, key: "intake.commands")
        guard duplicateMetres >= 0, duplicateMetres.isFinite else { throw .invalid(key: "intake.duplicateMetres", reason: "must be 0 or more") }
        guard duplicateHours >= 0, duplicateHours.isFinite else { throw .invalid(key: "intake.duplicateHours", reason: "must be 0 or more") }
        guard watchTickMilliseconds > 0 else { throw .invalid(key: "intake.watchTickMilliseconds", reason: "must be positive") }
        do { _ = try HTTPAddress(open311) } catch { throw .invalid(key: "intake.open311", reason: "'\(open311)' is not host:port") }
        if !open311BaseUrl.isEmpty, !(open311BaseUrl.hasPrefix("http://") || open311BaseUrl.hasPrefix("https://")) || open311BaseUrl.contains(" ") {
            throw .invalid(key: "intake.open311BaseUrl", reason: "'\(open311BaseUrl)' is not an http(s) URL such as https://311.example.gov.cn/open311/v2")
        }
        for (client, digest) in open311Clients
        where digest.count != 64 || !digest.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            throw .invalid(key: "intake.open311Clients.\(client)", reason: "must be the lowercase hex SHA-256 of the client's api_key")
        }
    }
}
