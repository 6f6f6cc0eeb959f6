import Envelope
public import Foundation

public typealias CaseAssigned = CaseStep<Assigned>
public typealias CaseEscalated = CaseStep<Escalated>
public typealias CaseReminded = CaseStep<Reminded>
public typealias CaseOverdue = CaseStep<WentOverdue>
public typealias CaseSupervised = CaseStep<Supervised>
public typealias CaseSupervisionAnswered = CaseStep<SupervisionAnswered>
public typealias CaseSupervisionOverdue = CaseStep<SupervisionOverdue>
public typealias CaseSummoned = CaseStep<Summoned>
public typealias CaseReassigned = CaseStep<Reassigned>
public typealias CaseSentBack = CaseStep<SentBack>
public typealias CaseResolved = CaseStep<Resolved>
public typealias CaseVerified = CaseStep<Verified>
public typealias CaseRated = CaseStep<Rated>
public typealias CaseReopened = CaseStep<Reopened>
public typealias CaseClosed = CaseStep<Closed>

/// The case is at a rung where people, not departments, work it: the grid's worker or the community office.
public struct Assigned: CaseStepDetail, Equatable {
    public static let actions = ["assigned"]
    public static let summary = "The case is with the grid's worker or the community office at its rung of the ladder, due by handleBy."
    public var task: String
    public var kind: TaskKind
    public var holder: PersonRef
    public var level: HandlingLevel
    public var handleBy: Date

    public init(task: String, kind: TaskKind, holder: PersonRef, level: HandlingLevel, handleBy: Date) {
        (self.task, self.kind, self.holder, self.level, self.handleBy) = (task, kind, holder, level, handleBy)
    }
}

/// The case moved a rung: up (`escalated`: by a person, or by itself when its rung ran out of time) or down.
public struct Escalated: CaseStepDetail, Equatable {
    public static let actions = ["escalated", "deescalated"]
    public static let summary = "The case moved up a rung of the ladder (by staff, or by itself when its time ran out) or down one."
    public var from: HandlingLevel
    public var to: HandlingLevel
    public var reason: String
    /// Who moved it: a staff id, or `dispatch` when the rung's time ran out.
    public var by: String

    public init(from: HandlingLevel, to: HandlingLevel, reason: String, by: String) {
        (self.from, self.to, self.reason, self.by) = (from, to, reason, by)
    }

    public var action: String { to > from ? "escalated" : "deescalated" }
}

/// 催办: 80 % of a task's stage has gone by.
public struct Reminded: CaseStepDetail, Equatable {
    public static let actions = ["reminded"]
    public static let summary = "催办: 80 % of a task's time for a stage has gone by; the holder and the case's supervisor are told."
    public var task, department: String
    public var stage: Stage
    public var dueAt: Date
    /// Who watches the case: the office of the rung above the holder, or of the level that whistled.
    public var supervisor: PersonRef?

    public init(task: String, department: String, stage: Stage, dueAt: Date, supervisor: PersonRef?) {
        (self.task, self.department, self.stage, self.dueAt, self.supervisor) = (task, department, stage, dueAt, supervisor)
    }
}

/// A task's stage ran out of time.
public struct WentOverdue: CaseStepDetail, Equatable {
    public static let actions = ["overdue"]
    public static let summary = "A task's time for a stage ran out: a rung's task climbs the ladder, a department's goes to supervision (督办)."
    public var task, department: String
    public var stage: Stage
    public var dueAt: Date
    public var supervisor: PersonRef?

    public init(task: String, department: String, stage: Stage, dueAt: Date, supervisor: PersonRef?) {
        (self.task, self.department, self.stage, self.dueAt, self.supervisor) = (task, department, stage, dueAt, supervisor)
    }
}

/// 督办: a supervision order on a department's task, which the department must answer by `answerBy`.
public struct Supervised: CaseStepDetail, Equatable {
    public static let actions = ["supervised"]
    public static let summary = "督办: a supervision order on a department's task, to be answered by answerBy."
    public var order, task, department, opinion, by: String
    public var answerBy: Date

    public init(order: String, task: String, department: String, opinion: String, answerBy: Date, by: String) {
        (self.order, self.task, self.department, self.opinion, self.answerBy, self.by) = (order, task, department, opinion, answerBy, by)
    }
}

/// The department answered a supervision order.
public struct SupervisionAnswered: CaseStepDetail, Equatable {
    public static let actions = ["supervision-answered"]
    public static let summary = "The department answered a supervision order."
    public var order, task, department, answer: String

    public init(order: String, task: String, department: String, answer: String) {
        (self.order, self.task, self.department, self.answer) = (order, task, department, answer)
    }
}

/// A supervision order was not answered in time: it is overdue in its own right.
public struct SupervisionOverdue: CaseStepDetail, Equatable {
    public static let actions = ["supervision-overdue"]
    public static let summary = "A supervision order went unanswered past its deadline."
    public var order, task, department: String
    public var answerBy: Date

    public init(order: String, task: String, department: String, answerBy: Date) {
        (self.order, self.task, self.department, self.answerBy) = (order, task, department, answerBy)
    }
}

/// 会办: another department joined the case.
public struct Summoned: CaseStepDetail, Equatable {
    public static let actions = ["summoned"]
    public static let summary = "会办: staff summoned another department to the case (joint handling)."
    public var task, department, by: String

    public init(task: String, department: String, by: String) { (self.task, self.department, self.by) = (task, department, by) }
}

/// A task moved to another department (after a return, or by staff).
public struct Reassigned: CaseStepDetail, Equatable {
    public static let actions = ["reassigned"]
    public static let summary = "A task moved to another department, after a return or by staff; the resident hears the new department's name."
    public var task, department, fromTask, fromDepartment, by: String
    public var role: TaskRole
    public var reason: String?

    public init(task: String, department: String, role: TaskRole, fromTask: String, fromDepartment: String, by: String, reason: String?) {
        (self.task, self.department, self.role, self.fromTask, self.fromDepartment) = (task, department, role, fromTask, fromDepartment)
        (self.by, self.reason) = (by, reason)
    }
}

/// A returned task was sent back to its department with an opinion: it is theirs.
public struct SentBack: CaseStepDetail, Equatable {
    public static let actions = ["sent-back"]
    public static let summary = "A returned task was sent back to its department with the triaging level's opinion."
    public var task, department, opinion, by: String

    public init(task: String, department: String, opinion: String, by: String) {
        (self.task, self.department, self.opinion, self.by) = (task, department, opinion, by)
    }
}

/// Settled at the grid or the community by their own hands.
public struct Resolved: CaseStepDetail, Equatable {
    public static let actions = ["resolved"]
    public static let summary = "The grid's worker (on the spot) or the community office settled the case at its rung; the reporter may rate it."
    public var level: HandlingLevel
    public var task, by: String
    public var note: String?

    public init(level: HandlingLevel, task: String, by: String, note: String?) { (self.level, self.task, self.by, self.note) = (level, task, by, note) }
}

/// 核查: the level that whistled checked the departments' work and found it fixed.
public struct Verified: CaseStepDetail, Equatable {
    public static let actions = ["verified"]
    public static let summary = "核查: the level that whistled checked the departments' work and found it fixed; the reporter may rate it."
    public var level: HandlingLevel
    public var by: String
    public var note: String?

    public init(level: HandlingLevel, by: String, note: String?) { (self.level, self.by, self.note) = (level, by, note) }
}

/// The reporter rated the result.
public struct Rated: CaseStepDetail, Equatable {
    public static let actions = ["rated"]
    public static let summary = "The reporter rated the result: satisfaction and whether it is solved."
    public var satisfaction: Satisfaction
    public var solved: Solved
    public var comment: String?
    /// Which resolution was rated: 1, then 2 after one rework, …
    public var round: Int

    public init(satisfaction: Satisfaction, solved: Solved, comment: String?, round: Int) {
        (self.satisfaction, self.solved, self.comment, self.round) = (satisfaction, solved, comment, round)
    }
}

/// 返工: rated unsatisfied or not solved, the case goes back to its lead for rework.
public struct Reopened: CaseStepDetail, Equatable {
    public static let actions = ["reopened"]
    public static let summary = "返工: rated unsatisfied or not solved, the case went back to the same lead for rework."
    public var round: Int
    public var task, department: String

    public init(round: Int, task: String, department: String) { (self.round, self.task, self.department) = (round, task, department) }
}

/// The case is closed.
public struct Closed: CaseStepDetail, Equatable {
    public static let actions = ["closed"]
    public static let summary = "The case closed: rated, unrated when the rating window passed, unfixable (挂账) or invalid (作废) with a reason."
    public var outcome: Closure
    /// The rung the case ended at (for the 721 / 4321 shares).
    public var level: HandlingLevel
    public var by: String
    public var reason: String?

    public init(outcome: Closure, level: HandlingLevel, by: String, reason: String?) {
        (self.outcome, self.level, self.by, self.reason) = (outcome, level, by, reason)
    }
}
