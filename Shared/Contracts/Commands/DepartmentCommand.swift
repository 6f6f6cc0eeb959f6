public import Envelope

/// A department acting on its own task, sent to dispatch's command endpoint:
/// `{"command":"c-81","department":"cg","task":"intake-1-7-cg","action":"acknowledge","note":"on our way"}`.
/// `return` needs a `reason` and may `suggest` the department that should have the task; `answer` replies
/// to a supervision order (`order`) with a `note`.
public struct DepartmentCommand: CommandContract, Equatable {
    public static let commandName = "department-command"
    public static let summary = "A department acts on its own task: acknowledge (报到), progress, complete, return it as misrouted, or answer a supervision order (督办)."

    public var command, department, task: String
    public var action: TaskAction
    /// For the record; `reason` why a task is returned, `suggest` which department should have it, `order`
    /// the supervision order an `answer` replies to.
    public var note, reason, suggest, order: String?

    public init(command: String, department: String, task: String, action: TaskAction,
                note: String? = nil, reason: String? = nil, suggest: String? = nil, order: String? = nil) {
        (self.command, self.department, self.task, self.action) = (command, department, task, action)
        (self.note, self.reason, self.suggest, self.order) = (note, reason, suggest, order)
    }
}

/// A grid worker or a community, street or district office acting on a case, sent to dispatch's command
/// endpoint: `{"command":"s-1","staff":"gw-g03","case":"intake-1-7","action":"resolve","note":"搬走了"}`.
/// What each action needs: `escalate`/`deescalate` a `reason`; `summon` a `department`; `reassign` a `task`
/// and a `department`; `triage` a returned `task` and a `decision` (`accept`, `reassign` with a `department`,
/// `send-back` with an `opinion`); `supervise` a `task`, an `opinion` and optionally `within` (a time limit
/// such as `4wh`); `verify` an `outcome` (`fixed`, or `unfixable` / `invalid` with a `reason`).
public struct StaffCommand: CommandContract, Equatable {
    public static let commandName = "staff-command"
    public static let summary = "Staff act on a case: resolve it at their rung, escalate or de-escalate it, blow the whistle, summon or reassign departments, triage a return, supervise (督办), verify (核查)."

    public var command, staff, caseID: String
    public var action: StaffAction
    public var task, department, reason, note, opinion, within: String?
    public var outcome: VerificationOutcome?
    public var decision: TriageDecision?

    enum CodingKeys: String, CodingKey {
        case command, staff, caseID = "case", action, task, department, reason, note, opinion, within, outcome, decision
    }

    public init(command: String, staff: String, caseID: String, action: StaffAction, task: String? = nil, department: String? = nil,
                reason: String? = nil, note: String? = nil, opinion: String? = nil, within: String? = nil,
                outcome: VerificationOutcome? = nil, decision: TriageDecision? = nil) {
        (self.command, self.staff, self.caseID, self.action, self.task, self.department) = (command, staff, caseID, action, task, department)
        (self.reason, self.note, self.opinion, self.within, self.outcome, self.decision) = (reason, note, opinion, within, outcome, decision)
    }
}

/// The reporter rates a resolved case: `{"command":"r-1","reporter":"r-001","case":"intake-1-7","satisfaction":"satisfied","solved":"solved"}`.
/// `unsatisfied` or `not` solved reopens it for rework by the same lead. One rating per resolution.
public struct RatingCommand: CommandContract, Equatable {
    public static let commandName = "rating-command"
    public static let summary = "The reporter rates a resolved case; unsatisfied or not solved reopens it for rework (返工)."

    public var command, reporter, caseID: String
    public var satisfaction: Satisfaction
    public var solved: Solved
    public var comment: String?

    enum CodingKeys: String, CodingKey { case command, reporter, caseID = "case", satisfaction, solved, comment }

    public init(command: String, reporter: String, caseID: String, satisfaction: Satisfaction, solved: Solved, comment: String? = nil) {
        (self.command, self.reporter, self.caseID, self.satisfaction, self.solved, self.comment) = (command, reporter, caseID, satisfaction, solved, comment)
    }
}
