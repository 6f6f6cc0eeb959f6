public import Contracts
public import Foundation

/// A party to a dispute as the mediator took them down (their contact stays in this store), and what they did:
/// signed the agreement, or refused mediation.
public struct MediationParty: Codable, Sendable, Equatable {
    /// `p1`, `p2`, … in the order the mediator listed them.
    public var id: String
    public var entry: PartyEntry
    public var signedAt: Date?
    public var refusedAt: Date?

    public init(id: String, entry: PartyEntry, signedAt: Date? = nil, refusedAt: Date? = nil) {
        (self.id, self.entry, self.signedAt, self.refusedAt) = (id, entry, signedAt, refusedAt)
    }

    /// How events name the party: by id, side and masked name (the family name, then `*`).
    public var reference: PartyRef { PartyRef(id: id, side: entry.side, name: Self.masked(entry.name)) }

    static func masked(_ name: String) -> String {
        guard let first = name.first else { return "*" }
        return String(first) + String(repeating: "*", count: max(1, name.count - 1))
    }
}

/// A people's mediation agreement (人民调解协议书): its terms, when it was drafted, and — once every party signed
/// it — when the mediator signed it and the committee sealed it (it takes effect then); the parties'
/// application for judicial confirmation (司法确认) and its result.
public struct MediationAgreement: Codable, Sendable, Equatable {
    public var terms: AgreementTerms
    public var draftedAt: Date
    public var sealedAt: Date?
    /// The judicial-confirmation window's end: 30 days after the agreement took effect.
    public var windowClosesAt: Date?
    public var confirmation: ConfirmationStep?
    public var court: String?
    public var confirmationAt: Date?

    public init(terms: AgreementTerms, draftedAt: Date, sealedAt: Date? = nil, windowClosesAt: Date? = nil, confirmation: ConfirmationStep? = nil,
                court: String? = nil, confirmationAt: Date? = nil) {
        (self.terms, self.draftedAt, self.sealedAt, self.windowClosesAt) = (terms, draftedAt, sealedAt, windowClosesAt)
        (self.confirmation, self.court, self.confirmationAt) = (confirmation, court, confirmationAt)
    }
}

/// A follow-up visit (回访) on an agreement's performance.
public struct FollowUpVisit: Codable, Sendable, Equatable {
    public var at: Date
    public var performance: Performance
    public var note: String?
    public var by: String

    public init(at: Date, performance: Performance, note: String?, by: String) {
        (self.at, self.performance, self.note, self.by) = (at, performance, note, by)
    }
}

/// A mediation session (调解会): when and where, who takes part, whether public, and its minutes (笔录) with the
/// parties who confirmed them.
public struct MediationSession: Codable, Sendable, Equatable {
    /// `s1`, `s2`, … in the order scheduled.
    public var id: String
    public var plan: SessionPlan
    public var minutes: String?
    public var minutedAt: Date?
    /// The parties who signed the minutes, and when.
    public var signatures: [String: Date] = [:]

    public init(id: String, plan: SessionPlan) { (self.id, self.plan) = (id, plan) }

    public var reference: SessionRef { SessionRef(id: id, at: plan.at, place: plan.place, public: plan.public ?? false) }
}
