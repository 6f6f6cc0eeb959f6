public import Envelope
public import Foundation

public typealias CaseDispatched = CaseStep<Dispatched>
public typealias CaseReferred = CaseStep<Referred>
public typealias CaseUnrouted = CaseStep<Unrouted>
public typealias CaseTaskStepped = CaseStep<TaskStepped>
public typealias CaseMediating = CaseStep<Mediating>
public typealias CaseMediationEnded = CaseStep<MediationEnded>

/// The whistle blew: the case went to its departments, lead first.
public struct Dispatched: CaseStepDetail, Equatable {
    public static let actions = ["dispatched"]
    public static let summary = "The case was dispatched to its departments: the lead (主办) and any assistants (协办)."
    /// The lead department.
    public var department: String
    /// Every department with a task, lead first.
    public var departments: [String]
    public var note: String
    /// The rung that blew the whistle.
    public var level: HandlingLevel

    public init(department: String, departments: [String], note: String, level: HandlingLevel) {
        (self.department, self.departments, self.note, self.level) = (department, departments, note, level)
    }
}

/// A dispute: mediation takes it instead of departments.
public struct Referred: CaseStepDetail, Equatable {
    public static let actions = ["referred"]
    public static let summary = "A dispute was referred to mediation instead of departments."
    public var note: String

    public init(note: String) { self.note = note }
}

/// No department handles this category here; staff must route it by hand.
public struct Unrouted: CaseStepDetail, Equatable {
    public static let actions = ["unrouted"]
    public static let summary = "No routing rule names a department for this category and street."
    public var note: String

    public init(note: String) { self.note = note }
}

/// A department acted on its task: reported for duty, posted progress, completed, or returned it as misrouted.
public struct TaskStepped: CaseStepDetail, Equatable {
    public static var actions: [String] { TaskStepAction.allowedValues }
    public static let summary = "A department acted on its task: acknowledged (报到), progress, completed, or returned as misrouted."
    public var step: TaskStepAction
    public var task, department: String
    public var role: TaskRole
    /// The task's state after the step.
    public var state: TaskState
    /// `reason` says why a task was returned; `suggest` names the department it should go to.
    public var note, reason, suggest: String?

    enum CodingKeys: String, CodingKey { case step = "action", task, department, role, state, note, reason, suggest }

    public init(step: TaskStepAction, task: String, department: String, role: TaskRole, state: TaskState,
                note: String? = nil, reason: String? = nil, suggest: String? = nil) {
        (self.step, self.task, self.department, self.role, self.state) = (step, task, department, role, state)
        (self.note, self.reason, self.suggest) = (note, reason, suggest)
    }

    public var action: String { step.rawValue }
}

/// The actions of `TaskStepped`, as published.
public enum TaskStepAction: String, ContractEnum {
    case acknowledged, progress, completed, returned
}

/// Mediation opened the dispute with a mediator.
public struct Mediating: CaseStepDetail, Equatable {
    public static var actions: [String] { ["mediating", "mediation-escalated"] }
    public static let summary = "Mediation opened the dispute (mediating), or a tier could not settle it and it climbed (mediation-escalated, with the tier it came from): which mediation case, which mediator, at which level."
    public var mediation: String
    public var mediator: PersonRef
    public var level: HandlingLevel
    /// The tier that could not settle it (mediation-escalated only).
    public var from: HandlingLevel?

    public init(mediation: String, mediator: PersonRef, level: HandlingLevel, from: HandlingLevel? = nil) {
        (self.mediation, self.mediator, self.level, self.from) = (mediation, mediator, level, from)
    }

    public var action: String { from == nil ? "mediating" : "mediation-escalated" }
}

/// The mediation ended, with an agreement or without one.
public struct MediationEnded: CaseStepDetail, Equatable {
    public static var actions: [String] { ["mediated", "mediation-failed"] }
    public static let summary = "The mediation ended: an agreement (mediated), or none (mediation-failed, with where the parties may turn)."
    public var mediation: String
    public var outcome: MediationOutcome
    public var note: String?
    public var referral: Referral?

    public init(mediation: String, outcome: MediationOutcome, note: String? = nil, referral: Referral? = nil) {
        (self.mediation, self.outcome, self.note, self.referral) = (mediation, outcome, note, referral)
    }

    public var action: String { outcome == .agreed ? "mediated" : "mediation-failed" }
}

public typealias CaseMediationProgressed = CaseStep<MediationProgress>

/// A step of the mediation between its opening and its end, or after its agreement, as the case records it
/// (`whistle.mediation.progressed`'s step): it moves the case only when a broken agreement reopens mediation.
public struct MediationProgress: CaseStepDetail, Equatable {
    public static let actions = ["mediation-progressed"]
    public static let summary = "The mediation took a step (accepted, extended, agreement drafted, signed, sealed, judicial confirmation, a follow-up visit, reopened): the case is mediating again only when reopened."
    public var mediation: String
    public var step: MediationStep
    public var performance: Performance?
    public var note: String?
    /// As in `whistle.mediation.progressed`: the session (`scheduled`, `minuted`), and `dueAt`.
    public var session: SessionRef?
    public var dueAt: Date?
    /// As in `whistle.mediation.progressed`: the parties who use the resident app, who hear the step as the reporter does.
    public var residents: [String]?

    public init(mediation: String, step: MediationStep, performance: Performance? = nil, note: String? = nil, session: SessionRef? = nil,
                dueAt: Date? = nil, residents: [String]? = nil) {
        (self.mediation, self.step, self.performance, self.note, self.session, self.dueAt) = (mediation, step, performance, note, session, dueAt)
        self.residents = residents
    }
}

public typealias CaseAnnotated = CaseStep<Annotated>

/// A note on the case from outside its holders — the device that raised it reporting normal again — that
/// changes neither its status nor who holds it.
public struct Annotated: CaseStepDetail, Equatable {
    public static let actions = ["annotated"]
    public static let summary = "A note on the case that moves nothing: the device that raised it reported normal again."
    /// The device (or other source) the note comes from.
    public var device: String?
    public var reading: Double?
    public var note: String

    public init(device: String?, reading: Double?, note: String) { (self.device, self.reading, self.note) = (device, reading, note) }
}
