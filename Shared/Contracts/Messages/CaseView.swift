public import Envelope
public import Foundation

/// A case as dispatch knows it: what `GET /cases/<id>` on dispatch's HTTP server and `whistle case <id>`
/// return. Its history is the ladder of every step, oldest first.
public struct CaseView: MessageContract, Equatable {
    public static let messageName = "case-view"
    public static let summary = "A case as dispatch knows it: status, tasks, and every step of its history."

    public var caseID, category: String
    public var level: HandlingLevel
    public var priority: Priority
    public var street, community, grid, description: String
    public var reporter: String?
    public var status: CaseStatus
    public var createdAt, updatedAt: Date
    public var tasks: [CaseTask]
    public var history: [HistoryEntry]

    enum CodingKeys: String, CodingKey {
        case caseID = "case", category, level, priority, street, community, grid, description, reporter, status
        case createdAt, updatedAt, tasks, history
    }

    public init(caseID: String, category: String, level: HandlingLevel, priority: Priority, location: GridLocation,
                description: String, reporter: String?, status: CaseStatus, createdAt: Date, updatedAt: Date,
                tasks: [CaseTask], history: [HistoryEntry]) {
        (self.caseID, self.category, self.level, self.priority, self.description) = (caseID, category, level, priority, description)
        (self.street, self.community, self.grid, self.reporter, self.status) = (location.street, location.community, location.grid, reporter, status)
        (self.createdAt, self.updatedAt, self.tasks, self.history) = (createdAt, updatedAt, tasks, history)
    }
}

/// One department's task in a case: whose it is, in which role, where it stands, and when it must report
/// for duty.
public struct CaseTask: Codable, Sendable, Equatable {
    public var task, department: String
    public var role: TaskRole
    public var state: TaskState
    public var acknowledgeBy, createdAt, updatedAt: Date

    public init(task: String, department: String, role: TaskRole, state: TaskState, acknowledgeBy: Date, createdAt: Date, updatedAt: Date) {
        (self.task, self.department, self.role, self.state) = (task, department, role, state)
        (self.acknowledgeBy, self.createdAt, self.updatedAt) = (acknowledgeBy, createdAt, updatedAt)
    }
}

/// One step of a case's history: what happened, to which task, by whom, when.
public struct HistoryEntry: Codable, Sendable, Equatable {
    public var step: Int
    /// The step's action, as in `whistle.case.<action>`.
    public var action: String
    public var department, task, note: String?
    public var at: Date

    public init(step: Int, action: String, department: String?, task: String?, note: String?, at: Date) {
        (self.step, self.action, self.department, self.task, self.note, self.at) = (step, action, department, task, note, at)
    }
}
