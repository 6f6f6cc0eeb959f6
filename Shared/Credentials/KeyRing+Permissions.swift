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
            return type == "whistle.report.grid-worker" ? nil
                : "'\(identity)' reports as staff (whistle.report.grid-worker) only, not \(type)"
        case .department: return "a department does not send events to intake"
        case .integrator:
            let types = certificate.eventTypes ?? []
            guard types.contains(where: { KeyRing.matches(type, $0) }) else { return "'\(identity)' may not send \(type)" }
            let sources = certificate.sources ?? [""]
            guard sources.contains(where: { source.hasPrefix($0) }) else { return "'\(identity)' may not send from source \(source)" }
            return nil
        }
    }

    /// Whether `identity` may post Open311 requests: an integrator whose certificate lists a source under
    /// `/open311/` (a city's app or hotline); nil when it may, else why not.
    public func open311Refusal(_ identity: String) -> String? {
        guard let certificate = certificate(identity: identity) else { return "unknown or revoked key" }
        guard certificate.role == .integrator, (certificate.sources ?? []).contains(where: { $0.hasPrefix(KeyRing.open311Sources) }) else {
            return "'\(identity)' (\(certificate.role.rawValue)) may not post Open311 requests: that is for integrators whose certificate lists a source under \(KeyRing.open311Sources)"
        }
        return nil
    }

    /// Where Open311 requests come from: `/open311/<client>`.
    public static let open311Sources = "/open311/"

    static func matches(_ type: String, _ pattern: String) -> Bool {
        pattern.hasSuffix("*") ? type.hasPrefix(pattern.dropLast()) : type == pattern
    }
}
