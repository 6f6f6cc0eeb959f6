public import Contracts
public import Foundation

/// What the board takes from one of dispatch's case steps: its header, and from its detail the rung it
/// moved to, the light it showed, the holder it gave a task to, and who took it.
public struct StepFacts: Sendable, Equatable {
    public var caseID, action, category: String
    public var status: CaseStatus
    public var location: GridLocation
    public var level: HandlingLevel?
    public var light: Light?
    public var holder: String?
    public var by: String?
    public var note: String?
    /// The task the step is about, the state it left it in, the light it showed on it.
    public var task: String?
    public var taskState: TaskState?
    /// A supervision order (督办) given or answered on the task.
    public var order: String?
    public var answerBy: Date?
    public var answered = false
    /// A task the step took away (reassigned from it).
    public var withdrawn: String?

    public init<Detail>(_ step: CaseStep<Detail>) {
        (caseID, action, category, status, location) = (step.caseID, step.detail.action, step.category, step.status, step.location)
        switch step.detail as any CaseStepDetail {
        case let detail as Assigned: (level, holder, note) = (detail.level, detail.holder.id, detail.task)
        case let detail as Escalated: (level, by, note) = (detail.to, detail.by, detail.reason)
        case let detail as Reminded: (light, task, note) = (.yellow, detail.task, detail.department)
        case let detail as WentOverdue: (light, task, note) = (.red, detail.task, detail.department)
        case let detail as SupervisionOverdue: (light, task, order, note) = (.red, detail.task, detail.order, detail.department)
        case let detail as Supervised:
            (by, task, order, answerBy, note) = (detail.by, detail.task, detail.order, detail.answerBy, detail.department + ": " + detail.opinion)
        case let detail as SupervisionAnswered: (task, order, answered, note) = (detail.task, detail.order, true, detail.answer)
        case let detail as Summoned: (holder, by, note) = (detail.department, detail.by, detail.department)
        case let detail as Reassigned:
            (holder, by, withdrawn, note) = (detail.department, detail.by, detail.fromTask, detail.fromDepartment + " → " + detail.department)
        case let detail as SentBack: (by, task, note) = (detail.by, detail.task, detail.opinion)
        case let detail as TaskStepped: (task, taskState, note) = (detail.task, detail.state, detail.department)
        case let detail as Resolved: (level, by, note) = (detail.level, detail.by, detail.note)
        case let detail as Verified: (by, note) = (detail.by, detail.note)
        case let detail as Closed: (by, note) = (detail.by, detail.outcome.rawValue)
        case let detail as Reopened: (task, note) = (detail.task, detail.department)
        default: break
        }
    }
}
