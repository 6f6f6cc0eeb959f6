public import Foundation

/// The public half of a key: who holds it, in which role, and what it may read and send. Stored as
/// `<keys>/public/<identity>.json`; the allow-list every server checks is the set of these files.
public struct Certificate: Codable, Sendable, Equatable {
    public var identity: String
    public var role: Role
    /// The CURVE public key, Z85 (40 characters).
    public var publicKey: String
    /// Topic prefixes this identity may subscribe to and replay (`""` = every topic); heartbeats are
    /// always allowed. Services and operators: everything; a department: `task.<code>.`.
    public var topics: [String]
    /// Integrators: the CloudEvent types (`whistle.sensor.*` ends in a wildcard) and source prefixes
    /// they may send to intake.
    public var eventTypes: [String]?
    public var sources: [String]?
    /// The SHA-256 (hex) of the identity's HTTP API key, when it has one.
    public var apiKeySHA256: String?
    public var createdAt: Date
    /// A web console's key (a service): the roles of the people it signs in, whose commands it sends on their behalf —
    /// a command naming a staff member or a department is taken from it as from that person's own key. Nil for every
    /// other key.
    public var actsFor: [Role]?

    public init(identity: String, role: Role, publicKey: String, topics: [String], eventTypes: [String]? = nil, sources: [String]? = nil,
                apiKeySHA256: String? = nil, createdAt: Date, actsFor: [Role]? = nil) {
        (self.identity, self.role, self.publicKey, self.topics) = (identity, role, publicKey, topics)
        (self.eventTypes, self.sources, self.apiKeySHA256, self.createdAt, self.actsFor) = (eventTypes, sources, apiKeySHA256, createdAt, actsFor)
    }

    /// Whether this key may send a command as `identity` of `role`: its own, or a console's for the people it signs in.
    public func mayAct(as identity: String, role: Role) -> Bool {
        (self.role == role && self.identity == identity) || (self.role == .service && actsFor?.contains(role) == true)
    }

    /// The topics a role reads by default: everything for services and operators, a department's or a staff
    /// member's own tasks (`task.<identity>.`; `whistle keys init` adds offices' case steps), nothing for
    /// integrators.
    public static func defaultTopics(for role: Role, identity: String) -> [String] {
        switch role {
        case .service, .operator: [""]
        case .department, .staff: ["task.\(identity)."]
        case .integrator: []
        }
    }
}

/// The secret half: `<keys>/secret/<identity>.json`, readable by its owner only.
public struct SecretKeyFile: Codable, Sendable, Equatable {
    public var identity: String
    public var publicKey: String
    public var secretKey: String
    /// The HTTP API key (shown once when made; servers keep only its hash).
    public var apiKey: String?

    public init(identity: String, publicKey: String, secretKey: String, apiKey: String?) {
        (self.identity, self.publicKey, self.secretKey, self.apiKey) = (identity, publicKey, secretKey, apiKey)
    }
}
