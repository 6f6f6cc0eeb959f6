public import ServiceKit
import Contracts

/// Mediation's own section, `mediation:`.
public struct MediationOptions: ServiceOptions {
    public static let section = "mediation"
    /// Where mediators' commands are answered.
    public var commands = "tcp://127.0.0.1:7301"
    /// How often tiers whose time ran out are looked for: a time limit acts at most this late.
    public var timerTickMilliseconds = 1000
    /// The streets this instance takes; empty takes all.
    public var streets: [String] = []
    /// Streets (or `*`) this instance may take on although its store never held them — only a street with no
    /// disputes or proposals anywhere yet (`StreetCustody`).
    public var adopt: [String] = []

    public init() {}

    public var subscriptions: [String] { streets.isEmpty ? [Topics.caseReported] : streets.map(Topics.casesReported(inStreet:)) }

    public func validate() throws(ConfigurationError) {
        try ServiceSettings<Self>.check(address: commands, key: "mediation.commands")
        try ServiceSettings<Self>.check(streets: streets, key: "mediation.streets")
        try ServiceSettings<Self>.check(streets: adopt, key: "mediation.adopt", every: true)
    }
}
