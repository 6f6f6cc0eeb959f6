/// What each identity may do, decided from its certificate.
extension KeyRing {
    /// Whether a connection with this key may be made to a socket of `domain`; nil when it may, else why not.
    public func refusal(publicKey: String, domain: SecurityDomain) -> String? {
        guard let certificate = certificate(publicKey: publicKey) else { return "unknown or revoked key" }
        guard domain.roles.contains(certificate.role) else {
            return "'\(certificate.identity)' (\(certificate.role.rawValue)) may not connect to \(domain.rawValue)"
        }
        return nil
    }

    /// Whether `identity` may subscribe to (or replay) topics starting with `prefix`: heartbeats always;
    /// otherwise only a prefix as narrow as one of its certificate's topics.
    public func maySubscribe(_ identity: String, to prefix: String) -> Bool {
        if prefix.hasPrefix("heartbeat.") { return true }
        guard let certificate = certificate(identity: identity) else { return false }
        return certificate.topics.contains { prefix.hasPrefix($0) }
    }

    /// Whether `identity` may publish under producer name `producer`: only a service, only its own name.
    public func mayPublish(_ identity: String, as producer: String) -> Bool {
        certificate(identity: identity)?.role == .service && identity == producer
    }

    /// Whether `identity` may send intake an event of `type` from `source`; nil when it may, else why not.
    public func ingestRefusal(_ identity: String, type: String, source: String) -> String? {
        guard let certificate = certificate(identity: identity) else { return "unknown or revoked key" }
        switch certificate.role {
        case .service, .operator: return nil
        case .staff:
            return type == "whistle.report.grid-worker" || type == "whistle.report.resident" ? nil
                : "'\(identity)' may send reports only, not \(type)"
        case .department: return "a department does not send events to intake"
        case .integrator:
            let types = certificate.eventTypes ?? []
            guard types.contains(where: { KeyRing.matches(type, $0) }) else { return "'\(identity)' may not send \(type)" }
            let sources = certificate.sources ?? [""]
            guard sources.contains(where: { source.hasPrefix($0) }) else { return "'\(identity)' may not send from source \(source)" }
            return nil
        }
    }

    static func matches(_ type: String, _ pattern: String) -> Bool {
        pattern.hasSuffix("*") ? type.hasPrefix(pattern.dropLast()) : type == pattern
    }
}
