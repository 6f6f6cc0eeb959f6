public import Envelope
public import Foundation

/// A case as dispatch knows it: what `GET /cases/<id>` on dispatch's HTTP address and `whistle case <id>`
/// return. `level` is the rung it is at now; its history is the ladder of every step, oldest first; the
/// traffic lights are as of the moment it was read.
public struct CaseView: MessageContract, Equatable {
    public static let messageName = "case-view"
    public static let summary = "A case as dispatch knows it: its rung, status, traffic light, tasks, supervision orders, rating and every step of its history."

    public var caseID, category: String
    /// The rung the case is at now.
    public var level: HandlingLevel
    public var priority: Priority
    public var street, community, grid, description: String
    public var reporter: String?
    public var status: CaseStatus
    /// The rung that blew the whistle (summoned departments), if one did.
    public var whistledLevel: HandlingLevel?
    /// The worst light of its open tasks and orders.
    public var light: TrafficLight
    /// 1, then 2 after one rework (返工) …
    public var round: Int
    public var rating: CaseRating?
    public var closure: Closure?
    public var createdAt, updatedAt: Date
    public var tasks: [CaseTask]
    public var orders: [Supervision]
    public var history: [HistoryEntry]

    enum CodingKeys: String, CodingKey {
        case caseID = "case", category, level, priority, street, community, grid, description, reporter, status, whistledLevel, light
        case round, rating, closure, createdAt, updatedAt, tasks, orders, history
    }

    public init(caseID: String, category: String, level: HandlingLevel, priority: Priority, location: GridLocation,
                description: String, reporter: String?, status: CaseStatus, whistledLevel: HandlingLevel?, light: TrafficLight, round: Int,
                rating: CaseRating?, closure: Closure?, createdAt: Date, updatedAt: Date, tasks: [CaseTask], orders: [Supervision],
                history: [HistoryEntry]) {
        (self.caseID, self.category, self.level, self.priority, self.description) = (caseID, category, level, priority, description)
        (self.street, self.community, self.grid, self.reporter, self.status) = (location.street, location.community, location.grid, reporter, status)
        (self.whistledLevel, self.light, self.round, self.rating, self.closure) = (whistledLevel, light, round, rating, closure)
        (self.createdAt, self.updatedAt, self.tasks, self.orders, self.history) = (createdAt, updatedAt, tasks, orders, history)
    }
}

/// One task of a case: a department's (lead 主办 or assist 协办), or the rung's own (the grid's worker, the
/// community office); where it stands, its deadlines, and — in a view — its traffic light.
public struct CaseTask: Codable, Sendable, Equatable {
    public var task, department: String
    public var kind: TaskKind
    public var role: TaskRole
    public var state: TaskState
    public var level: HandlingLevel
    public var acknowledgeBy: Date?
    public var handleBy: Date
    public var acknowledgedAt, completedAt: Date?
    /// How often it was returned as misrouted, how many rework rounds it went through, how many of its
    /// stages ran out of time.
    public var returns, rework, overdue: Int
    /// When its current round began (sent back or reopened, it starts again): its deadlines count from here.
    public var startedAt: Date
    /// The department a returner said should have it.
    public var suggested: String?
    public var createdAt, updatedAt: Date
    public var light: TrafficLight?

    public init(task: String, department: String, kind: TaskKind, role: TaskRole, state: TaskState, level: HandlingLevel,
                acknowledgeBy: Date?, handleBy: Date, acknowledgedAt: Date? = nil, completedAt: Date? = nil, returns: Int = 0,
                rework: Int = 0, overdue: Int = 0, startedAt: Date, createdAt: Date, updatedAt: Date, light: TrafficLight? = nil) {
        (self.task, self.department, self.kind, self.role, self.state, self.level) = (task, department, kind, role, state, level)
        (self.acknowledgeBy, self.handleBy, self.acknowledgedAt, self.completedAt) = (acknowledgeBy, handleBy, acknowledgedAt, completedAt)
        (self.returns, self.rework, self.overdue, self.startedAt) = (returns, rework, overdue, startedAt)
        (self.createdAt, self.updatedAt, self.light) = (createdAt, updatedAt, light)
    }

    /// Still the holder's to act on.
    public var isOpen: Bool { [.dispatched, .acknowledged, .inProgress].contains(state) }
}

/// 督办: a supervision order on a department's task, its answer, and whether it went unanswered too long.
public struct Supervision: Codable, Sendable, Equatable {
    public var order, task, department, opinion, by: String
    public var answerBy, createdAt: Date
    public var answer: String?
    public var answeredAt: Date?
    public var overdue: Bool
    public var light: TrafficLight?

    public init(order: String, task: String, department: String, opinion: String, by: String, answerBy: Date, createdAt: Date,
                answer: String? = nil, answeredAt: Date? = nil, overdue: Bool = false, light: TrafficLight? = nil) {
        (self.order, self.task, self.department, self.opinion, self.by) = (order, task, department, opinion, by)
        (self.answerBy, self.createdAt, self.answer, self.answeredAt, self.overdue, self.light) = (answerBy, createdAt, answer, answeredAt, overdue, light)
    }
}

/// The reporter's rating of one resolution.
public struct CaseRating: Codable, Sendable, Equatable {
    public var satisfaction: Satisfaction
    public var solved: Solved
    public var comment: String?
    public var round: Int
    public var at: Date

    public init(satisfaction: Satisfaction, solved: Solved, comment: String?, round: Int, at: Date) {
        (self.satisfaction, self.solved, self.comment, self.round, self.at) = (satisfaction, solved, comment, round, at)
    }

    /// Satisfied or basically satisfied, and solved or partly: the case may close.
    public var accepts: Bool { satisfaction != .unsatisfied && solved != .not }
}

/// One step of a case's history: what happened, at which rung, to which task, by whom, when.
public struct HistoryEntry: Codable, Sendable, Equatable {
    public var step: Int
    /// The step's action, as in `whistle.case.<action>`.
    public var action: String
    public var level: HandlingLevel?
    public var department, task, note, by: String?
    public var at: Date

    public init(step: Int, action: String, level: HandlingLevel? = nil, department: String?, task: String?, note: String?,
                by: String? = nil, at: Date) {
        (self.step, self.action, self.level, self.department, self.task, self.note, self.by, self.at) = (step, action, level, department, task, note, by, at)
    }
}
