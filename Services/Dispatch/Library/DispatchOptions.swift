public import ServiceKit
import Contracts

/// Dispatch's own section, `dispatch:`.
public struct DispatchOptions: ServiceOptions {
    public static let section = "dispatch"
    /// Where department commands are answered.
    public var commands = "tcp://127.0.0.1:7300"
    /// The streets this instance takes (one instance per street partitions dispatch); empty takes all.
    public var streets: [String] = []
    /// Streets (or `*`, every street) this instance may take on although its store never held them — only for a
    /// street with no cases anywhere yet: an existing street's cases live in the store that took its reports.
    public var adopt: [String] = []
    /// How often due timers are looked for: a timer fires at most this late.
    public var timerTickMilliseconds = 250

    public init() {}

    /// The topics this instance consumes: its streets' reported cases and mediation steps.
    public var subscriptions: [String] {
        let families = [Topics.caseReported, Topics.mediationOpened, Topics.mediationEscalated, Topics.mediationProgressed, Topics.mediationConcluded,
                        Topics.deviceCleared]
        return streets.isEmpty ? families : families.flatMap { family in streets.map { family + $0 + "." } }
    }

    public func validate() throws(ConfigurationError) {
        try ServiceSettings<Self>.check(address: commands, key: "dispatch.commands")
        try ServiceSettings<Self>.check(streets: streets, key: "dispatch.streets")
        try ServiceSettings<Self>.check(streets: adopt, key: "dispatch.adopt", every: true)
        guard (10...60_000).contains(timerTickMilliseconds) else {
            throw .invalid(key: "dispatch.timerTickMilliseconds", reason: "must be between 10 and 60000")
        }
    }
}
