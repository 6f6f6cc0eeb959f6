public import Envelope

/// How a mediation ended: an agreement (调解协议), or none.
public enum MediationOutcome: String, ContractEnum {
    case agreed, failed
}

/// Where a mediation that settles nothing refers the parties outward: the people's court, labour
/// arbitration, the petition office (信访), the police.
public enum Referral: String, ContractEnum {
    case court, arbitration, petition, police
}

/// Why a dispute climbed a mediation tier.
public enum EscalationReason: String, ContractEnum {
    /// The tier's mediator concluded it failed, without a referral.
    case failed
    /// The tier's time limit passed before it ended.
    case timeLimit = "time-limit"
}

/// Why a mediation ended without being mediated to its end: the committee declined it, or a party refused
/// mediation (it is voluntary).
public enum MediationCause: String, ContractEnum {
    case declined, refused
}

/// What a mediator may ask of a mediation case (`mediator-command` says what each needs).
public enum MediatorAction: String, ContractEnum {
    case accept, decline, refuse, recuse, schedule, minutes, extend, draft, sign, seal, confirm
    case followUp = "follow-up"
    case conclude
}

/// Which side of a dispute a party is on: who asked for mediation (申请人), or the other side (被申请人).
public enum PartySide: String, ContractEnum {
    case applicant, respondent
}

/// Judicial confirmation (司法确认) of an agreement: the parties applied to the court, which confirmed or rejected it.
public enum ConfirmationStep: String, ContractEnum {
    case applied, confirmed, rejected
}

/// What a follow-up visit (回访) found of an agreement's performance.
public enum Performance: String, ContractEnum {
    case performed, partly
    case notPerformed = "not-performed"
}

/// A step of a mediation case that `whistle.mediation.progressed` announces.
public enum MediationStep: String, ContractEnum {
    case accepted, recused, scheduled, minuted, extended, drafted, signed, sealed
    case confirmationApplied = "confirmation-applied", confirmed, rejected
    case followedUp = "followed-up", reopened
    /// A week before the judicial-confirmation window closes (`dueAt`) with no application recorded: the parties are
    /// reminded (the mediator on their task topic by `whistle.mediation.reminder`).
    case confirmationReminded = "confirmation-reminded"
}

/// What a mediator is reminded of on their task topic: the agreement's judicial-confirmation window closes
/// soon (tell the parties), or a follow-up visit is due.
public enum ReminderKind: String, ContractEnum {
    case confirmationWindow = "confirmation-window"
    case followUp = "follow-up"
}

/// A person named in an event: a mediator, a grid worker.
public struct PersonRef: Codable, Sendable, Hashable {
    public var id, name: String

    public init(id: String, name: String) { (self.id, self.name) = (id, name) }
}
