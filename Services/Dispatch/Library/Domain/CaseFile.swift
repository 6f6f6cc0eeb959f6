public import Contracts
public import Foundation

/// A case as dispatch holds it: what it is, where, the rung it is at, where it stands, its tasks and
/// supervision orders, its rating, how many steps its history has. Decisions take a case file and return
/// the next one.
public struct CaseFile: Sendable, Equatable {
    /// The report it came from (task events carry it to their holders).
    public var report: CaseReported
    public var status: CaseStatus
    /// The rung it is at now.
    public var level: HandlingLevel
    /// The rung that summoned departments, if one did; it verifies their work.
    public var whistledLevel: HandlingLevel?
    /// The rung it was settled at, once settled.
    public var resolvedLevel: HandlingLevel?
    /// 1, then 2 after one rework …
    public var round: Int
    /// The rating of the current round.
    public var rating: CaseRating?
    public var closure: Closure?
    public var createdAt, updatedAt: Date
    /// How many steps its history holds; the next step is `steps + 1`.
    public var steps: Int
    public var tasks: [CaseTask]
    public var orders: [Supervision]

    public init(report: CaseReported, at time: Date) {
        (self.report, status, level, whistledLevel, resolvedLevel, round) = (report, .received, report.level, nil, nil, 1)
        (rating, closure, createdAt, updatedAt, steps, tasks, orders) = (nil, nil, time, time, 0, [], [])
    }

    public init(report: CaseReported, status: CaseStatus, level: HandlingLevel, whistledLevel: HandlingLevel?, resolvedLevel: HandlingLevel?,
                round: Int, rating: CaseRating?, closure: Closure?, createdAt: Date, updatedAt: Date, steps: Int, tasks: [CaseTask],
                orders: [Supervision]) {
        (self.report, self.status, self.level, self.whistledLevel, self.resolvedLevel) = (report, status, level, whistledLevel, resolvedLevel)
        (self.round, self.rating, self.closure, self.createdAt, self.updatedAt) = (round, rating, closure, createdAt, updatedAt)
        (self.steps, self.tasks, self.orders) = (steps, tasks, orders)
    }

    public var caseID: String { report.caseID }
    public var category: String { report.category }
    public var location: GridLocation { report.location }
    public var reporter: String? { report.reporter }

    /// The task with this id.
    public func task(_ id: String) -> CaseTask? { tasks.first { $0.task == id } }

    /// The open task of the rung's own holder (the grid worker's or the community office's), if any.
    public var levelTask: CaseTask? { tasks.last { $0.kind != .department && $0.isOpen } }

    /// Department tasks still to be done (open or returned and awaiting triage).
    public var pendingDepartmentTasks: [CaseTask] { tasks.filter { $0.kind == .department && ($0.isOpen || $0.state == .returned) } }

    /// The lead department's current task.
    public var leadTask: CaseTask? { tasks.last { $0.kind == .department && $0.role == .lead && $0.state != .withdrawn } }

    public var isClosed: Bool { status == .closed }
}
