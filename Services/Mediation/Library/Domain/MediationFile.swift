public import Contracts
public import Foundation

/// A dispute as mediation holds it: the tier and mediator that have it now, the tiers it went through,
/// and how it ended.
public struct MediationFile: Sendable, Equatable {
    public var mediation: String
    public var caseID: String
    public var category: String
    /// The tier that has it now (the last of `trail`).
    public var level: HandlingLevel
    public var location: GridLocation
    public var mediator: PersonRef
    public var description: String
    public var reporter: String?
    public var status: MediationStatus
    public var openedAt: Date
    public var outcome: MediationOutcome?
    public var referral: Referral?
    public var note: String?
    public var concludedAt: Date?
    /// Every tier that had it, in order: the record carried up.
    public var trail: [MediationStint]
    /// When the tier that has it now runs out of time (it then climbs, or at the top ends failed); nil once ended.
    public var dueAt: Date?
    /// The parties, once the mediator accepted the dispute (受理) having told them their rights and duties.
    public var parties: [MediationParty] = []
    public var acceptedAt: Date?
    /// Declined by the committee, or refused by a party.
    public var cause: MediationCause?
    /// The written agreement, from its draft on.
    public var agreement: MediationAgreement?
    public var followUps: [FollowUpVisit] = []
    /// The mediators a party objected to (回避): none of them takes it again.
    public var recused: [String] = []
    /// The sessions held or to be held, with their minutes.
    public var sessions: [MediationSession] = []
    /// How many `mediation.progressed` steps it took: the next step's event id.
    public var steps = 0
    /// When the mediator is reminded that the judicial-confirmation window closes, and when a follow-up visit is due.
    public var confirmationReminderAt, followUpAt: Date?

    public init(mediation: String, caseID: String, category: String, level: HandlingLevel, location: GridLocation,
                mediator: PersonRef, description: String, reporter: String?, status: MediationStatus, openedAt: Date,
                outcome: MediationOutcome? = nil, referral: Referral? = nil, note: String? = nil, concludedAt: Date? = nil,
                trail: [MediationStint] = [], dueAt: Date? = nil) {
        (self.mediation, self.caseID, self.category, self.level, self.location) = (mediation, caseID, category, level, location)
        (self.mediator, self.description, self.reporter, self.status) = (mediator, description, reporter, status)
        (self.openedAt, self.outcome, self.referral, self.note, self.concludedAt) = (openedAt, outcome, referral, note, concludedAt)
        (self.trail, self.dueAt) = (trail, dueAt)
    }

    /// Still with a mediator (opened, or escalated to the tier that has it).
    public var isOpen: Bool { status == .opened || status == .escalated }

    /// The parties who have not refused mediation.
    public var activeParties: [MediationParty] { parties.filter { $0.refusedAt == nil } }

    /// The earliest of its timers: the tier's time limit, the confirmation reminder, the follow-up visit.
    public var nextTimer: Date? { [dueAt, confirmationReminderAt, followUpAt].compactMap { $0 }.min() }
}

/// Where a mediation case stands: with its first tier (opened), with a higher one (escalated), or ended —
/// agreed (调解协议), referred outward, failed at the top tier, declined by the committee, refused by a party.
public enum MediationStatus: String, Codable, Sendable, CaseIterable {
    case opened, escalated, agreed, referred, failed, declined, refused
}

/// One tier's time with a dispute: who mediated, from when, and how it left them.
public struct MediationStint: Sendable, Equatable {
    public var level: HandlingLevel
    public var mediator: PersonRef
    public var from: Date
    public var until: Date?
    /// How the dispute left this tier: nil while it is here.
    public var result: StintResult?
    public var note: String?

    public init(level: HandlingLevel, mediator: PersonRef, from: Date, until: Date? = nil, result: StintResult? = nil, note: String? = nil) {
        (self.level, self.mediator, self.from, self.until, self.result, self.note) = (level, mediator, from, until, result, note)
    }
}

/// How a dispute left a tier: settled there, climbed to the next, referred outward, failed at the top,
/// declined by the tier's committee, or refused by a party.
public enum StintResult: String, Codable, Sendable, CaseIterable {
    case agreed, escalated, referred, failed, declined, refused
}
