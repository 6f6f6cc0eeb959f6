public import Credentials
public import Logging
public import Messaging
public import ZeroMQ

/// The `security:` block every service shares:
///
///     security:
///       keys: data/keys       # a keys folder (`whistle keys init`); absent: plaintext
///       identity: dispatch-1  # this instance's key (default: its name)
///       bus: bus              # the bus's key
///       ratePerSecond: 200    # per identity, on ingest and commands (burst: rateBurst)
///       rateBurst: 400
public struct SecuritySettings: Codable, Sendable, Equatable {
    public var keys: String?
    public var identity: String?
    public var bus: String
    public var ratePerSecond: Double
    public var rateBurst: Double

    public init(keys: String? = nil, identity: String? = nil, bus: String = "bus", ratePerSecond: Double = 200, rateBurst: Double = 400) {
        (self.keys, self.identity, self.bus, self.ratePerSecond, self.rateBurst) = (keys, identity, bus, ratePerSecond, rateBurst)
    }

    func validate() throws(ConfigurationError) {
        guard ratePerSecond > 0, rateBurst >= 1 else { throw .invalid(key: "security.ratePerSecond", reason: "rates must be positive") }
        if let keys, keys.isEmpty { throw .invalid(key: "security.keys", reason: "must name a keys folder (or be left out for plaintext)") }
    }

    /// The sockets' security for the instance `name` on `context`: plaintext without a keys folder; with
    /// one, this instance's key, and the context's ZAP handler (made here if it is the first; then the
    /// caller must run it).
    public func socketSecurity(name: String, context: ZMQContext, logger: Logger) throws -> (SocketSecurity, newHandler: ZAPHandler?) {
        guard let keys else { return (.plaintext, nil) }
        do {
            let (handler, isNew) = try ZAPHandler.shared(context: context, keys: keys, logger: logger)
            let security = try SocketSecurity(keys: keys, identity: identity ?? name, busIdentity: bus, keyRing: handler.allowList)
            return (security, isNew ? handler : nil)
        } catch let error as CredentialError {
            throw ConfigurationError.invalid(key: "security.keys", reason: error.description)
        }
    }

    /// The per-identity rate limiter these settings ask for.
    public var rateLimiter: RateLimiter { RateLimiter(perSecond: ratePerSecond, burst: rateBurst) }
}
