public import Credentials

/// Who an Open311 `api_key` belongs to. With keys on, a key made by `whistle keys create <client> --role
/// integrator` (its certificate keeps only the key's SHA-256, and SIGHUP revokes it); without them, the
/// clients configured in `intake.open311Clients` (client name → the key's SHA-256 in hex).
public struct Open311Clients: Sendable {
    let keyRing: KeyRing?
    let configured: [String: String]

    public init(keyRing: KeyRing?, configured: [String: String]) { (self.keyRing, self.configured) = (keyRing, configured) }

    /// The client named by this key, or nil for an unknown or revoked one.
    public func client(forKey key: String) -> String? {
        if let keyRing { return keyRing.certificate(apiKey: key)?.identity }
        let digest = APIKey.digest(key)
        return configured.first { $0.value == digest }?.key
    }
}
