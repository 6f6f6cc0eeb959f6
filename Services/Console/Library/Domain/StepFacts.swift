public import Contracts

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

    public init<Detail>(_ step: CaseStep<Detail>) {
        (caseID, action, category, status, location) = (step.caseID, step.detail.action, step.category, step.status, step.location)
        switch step.detail as any CaseStepDetail {
        case let detail as Assigned: (level, holder, note) = (detail.level, detail.holder.id, detail.task)
        case let detail as Escalated: (level, by, note) = (detail.to, detail.by, detail.reason)
        case let detail as Reminded: (light, note) = (.yellow, detail.department)
        case let detail as WentOverdue: (light, note) = (.red, detail.department)
        case let detail as SupervisionOverdue: (light, note) = (.red, detail.department)
        case let detail as Supervised: (by, note) = (detail.by, detail.department + ": " + detail.opinion)
        case let detail as Summoned: (holder, by, note) = (detail.department, detail.by, detail.department)
        case let detail as Reassigned: (holder, by, note) = (detail.department, detail.by, detail.fromDepartment + " → " + detail.department)
        case let detail as SentBack: (by, note) = (detail.by, detail.opinion)
        case let detail as Resolved: (level, by, note) = (detail.level, detail.by, detail.note)
        case let detail as Verified: (by, note) = (detail.by, detail.note)
        case let detail as Closed: (by, note) = (detail.by, detail.outcome.rawValue)
        case let detail as Reopened: note = detail.department
        default: break
        }
    }
}

extension CaseStep {
    var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
}
