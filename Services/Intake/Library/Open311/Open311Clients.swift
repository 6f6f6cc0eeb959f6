public import Contracts
public import Credentials

/// Who an Open311 `api_key` belongs to. With keys on, a key made by `whistle keys create <client> --role
/// integrator` (its certificate keeps only the key's SHA-256, and SIGHUP revokes it); without them, the
/// clients configured in `intake.open311Clients` (client name → the key's SHA-256 in hex).
public struct Open311Clients: Sendable {
    let keyRing: KeyRing?
    let configured: [String: String]

    public init(keyRing: KeyRing?, configured: [String: String]) { (self.keyRing, self.configured) = (keyRing, configured) }

    /// The client named by this key; refuses (403) an unknown or revoked key, and a key whose holder does
    /// not post Open311 requests (only integrators with a source under `/open311/` do).
    public func client(forKey key: String) throws(Open311.Error) -> String {
        guard let keyRing else {
            let digest = APIKey.digest(key)
            guard let client = configured.first(where: { $0.value == digest })?.key else { throw Self.invalid }
            return client
        }
        guard let client = keyRing.certificate(apiKey: key)?.identity else { throw Self.invalid }
        if let refusal = keyRing.open311Refusal(client) { throw Open311.Error(code: 403, description: refusal) }
        return client
    }

    static let invalid = Open311.Error(code: 403, description: "api_key is not valid (unknown or revoked)")
}
