public import ServiceKit

/// Intake's own section, `intake:`.
public struct IntakeOptions: ServiceOptions {
    public static let section = "intake"
    /// Where the acknowledged ingest ROUTER binds.
    public var ingest = "tcp://127.0.0.1:7200"
    /// Repeated alarms from one device within this many seconds of its case's opening join that case.
    public var alarmWindowSeconds: Double = 600
    /// Where Open311 GeoReport v2 listens (`host:port`; port 0 picks a free one): `/open311/v2/…`.
    public var open311 = "127.0.0.1:7210"
    /// Without keys: Open311 clients and the SHA-256 (hex) of each one's `api_key`. With keys, an
    /// integrator's key (`whistle keys create`) is its API key and this is not read.
    public var open311Clients: [String: String] = [:]

    public init() {}

    public func validate() throws(ConfigurationError) {
        try ServiceSettings<Self>.check(address: ingest, key: "intake.ingest")
        guard alarmWindowSeconds >= 0 else { throw .invalid(key: "intake.alarmWindowSeconds", reason: "must not be negative") }
        do { _ = try HTTPAddress(open311) } catch { throw .invalid(key: "intake.open311", reason: "'\(open311)' is not host:port") }
        for (client, digest) in open311Clients
        where digest.count != 64 || !digest.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            throw .invalid(key: "intake.open311Clients.\(client)", reason: "must be the lowercase hex SHA-256 of the client's api_key")
        }
    }
}
