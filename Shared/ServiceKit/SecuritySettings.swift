import Credentials
public import Logging
public import Messaging
public import ZeroMQ

/// The `security:` block every service shares:
///
///     security:
///       keys: data/keys       # a keys folder (`whistle keys init`); absent: plaintext
///       identity: dispatch-1  # this instance's key (default: its name)
///       bus: bus              # the bus's key
///       rates: {…}            # how fast each identity may send, by role (RateLimits)
public struct SecuritySettings: Codable, Sendable, Equatable {
    public var keys: String?
    public var identity: String?
    public var bus: String
    public var rates: RateLimits

    public init(keys: String? = nil, identity: String? = nil, bus: String = "bus", rates: RateLimits = RateLimits()) {
        (self.keys, self.identity, self.bus, self.rates) = (keys, identity, bus, rates)
    }

    func validate() throws(ConfigurationError) {
        try rates.validate()
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
}
