public import Envelope
public import Foundation

/// A mediator acting on a mediation case, sent to mediation's command endpoint:
/// `{"command":"m-3","mediator":"med-g03","mediation":"m-intake-1-5","action":"conclude","outcome":"agreed"}`.
///
/// What each action needs (受理 → 调解 → 签协议 → 司法确认 → 回访):
/// - `accept` the `parties` (two or more), with `rightsTold` true: they were told their rights and duties first;
/// - `decline` a `reason` (the committee does not take it: the dispute leaves mediation);
/// - `refuse` the `party` who will not be mediated (voluntariness: the dispute leaves mediation);
/// - `recuse`: the `party` who objects to the mediator (回避); another of the tier's mediators takes it;
/// - `schedule` a session's `plan` (time, place, participants; public only with every party's `consents`);
/// - `minutes`: the record (笔录, `note`) of a scheduled `session`; each party confirms it with `sign` and `session`;
/// - `extend` `within` (more time on the work calendar, e.g. `10wd`) and `consents`, every party's id;
/// - `draft` the `agreement` (人民调解协议书); drafting again clears its signatures;
/// - `sign` one `party`'s signature on the draft (or, with `session`, on that session's minutes); `seal`: the mediator signs and the committee stamps it,
///   once every party signed — the agreement takes effect and the dispute ends agreed;
/// - `confirm` the parties' `application` for judicial confirmation (`applied`, with the `court`, within 30
///   days of the agreement) and its result (`confirmed` or `rejected`);
/// - `follow-up` a visit's `performance` (`performed`, `partly`, `not-performed`); a broken agreement
///   reopens mediation at the tier that agreed, or ends referred with a `referral`;
/// - `conclude` an `outcome`: agreed (an oral agreement, its content in `note`); failed, which climbs to the
///   next tier; or failed with a `referral`, which closes it as referred.
public struct MediatorCommand: CommandContract, Equatable {
    public static let commandName = "mediator-command"
    public static let summary = "A mediator acts on a mediation case: accept it (the parties told their rights) or decline it, record a party's refusal or objection to the mediator (回避), schedule sessions and record their minutes, extend the time limit with every party's consent, draft, sign and seal the agreement, record judicial confirmation and follow-up visits, or conclude it (agreed; failed, which climbs to the next tier; failed with a referral)."

    public var command, mediator, mediation: String
    public var action: MediatorAction
    public var outcome: MediationOutcome?
    public var note: String?
    public var referral: Referral?
    public var parties: [PartyEntry]?
    public var rightsTold: Bool?
    public var reason, party, within: String?
    public var consents: [String]?
    public var agreement: AgreementTerms?
    public var application: ConfirmationStep?
    public var court: String?
    public var performance: Performance?
    /// `schedule`: the session to hold; `minutes`, `sign`: which session (`s1`, `s2` …).
    public var plan: SessionPlan?
    public var session: String?

    public init(command: String, mediator: String, mediation: String, action: MediatorAction,
                outcome: MediationOutcome? = nil, note: String? = nil, referral: Referral? = nil, parties: [PartyEntry]? = nil,
                rightsTold: Bool? = nil, reason: String? = nil, party: String? = nil, within: String? = nil, consents: [String]? = nil,
                agreement: AgreementTerms? = nil, application: ConfirmationStep? = nil, court: String? = nil, performance: Performance? = nil,
                plan: SessionPlan? = nil, session: String? = nil) {
        (self.command, self.mediator, self.mediation, self.action) = (command, mediator, mediation, action)
        (self.outcome, self.note, self.referral, self.parties, self.rightsTold) = (outcome, note, referral, parties, rightsTold)
        (self.reason, self.party, self.within, self.consents, self.agreement) = (reason, party, within, consents, agreement)
        (self.application, self.court, self.performance, self.plan, self.session) = (application, court, performance, plan, session)
    }
}

/// A mediation session (调解会) as scheduled: when (RFC 3339), where, who takes part (party ids and others, by
/// name), and whether it is public — which it is only when no party objects.
public struct SessionPlan: Codable, Sendable, Equatable {
    public var at: Date
    public var place: String
    public var participants: [String]?
    public var `public`: Bool?

    public init(at: Date, place: String, participants: [String]? = nil, public: Bool? = nil) {
        (self.at, self.place, self.participants, self.public) = (at, place, participants, `public`)
    }
}

/// A party to a dispute as the mediator takes it down: their name and side, and how to reach them. Held in
/// mediation's own store only; events name a party by id and masked name (张*).
public struct PartyEntry: Codable, Sendable, Equatable {
    public var name: String
    public var side: PartySide
    public var contact, address: String?
    /// The party's id in the resident app (`r-002`), when they use it: they hear the mediation's steps that concern
    /// them as the dispute's reporter does.
    public var resident: String?

    public init(name: String, side: PartySide, contact: String? = nil, address: String? = nil, resident: String? = nil) {
        (self.name, self.side, self.contact, self.address, self.resident) = (name, side, contact, address, resident)
    }
}

/// What a people's mediation agreement (人民调解协议书) states besides the parties: the main facts, the disputed
/// matters and each side's responsibility, what was agreed, and the way, place and deadline (a local date,
/// `2027-01-15`) of performance.
public struct AgreementTerms: Codable, Sendable, Equatable {
    public var facts, matters, responsibilities, terms: String
    public var performanceWay, performancePlace, performanceBy: String

    public init(facts: String, matters: String, responsibilities: String, terms: String, performanceWay: String, performancePlace: String,
                performanceBy: String) {
        (self.facts, self.matters, self.responsibilities, self.terms) = (facts, matters, responsibilities, terms)
        (self.performanceWay, self.performancePlace, self.performanceBy) = (performanceWay, performancePlace, performanceBy)
    }
}
