public import Contracts
public import Foundation

/// A case as dispatch holds it: what it is, where, where it stands, how many steps its history has, and
/// its department tasks. Decisions take a case file and return the next one.
public struct CaseFile: Sendable, Equatable {
    public var caseID: String
    public var category: String
    public var level: HandlingLevel
    public var priority: Priority
    public var location: GridLocation
    public var description: String
    public var reporter: String?
    public var status: CaseStatus
    public var createdAt: Date
    public var updatedAt: Date
    /// How many steps its history holds; the next step is `steps + 1`.
    public var steps: Int
    public var tasks: [CaseTask]

    public init(report: CaseReported, at time: Date) {
        (caseID, category, level, priority) = (report.caseID, report.category, report.level, report.priority)
        (location, description, reporter, status) = (report.location, report.description, report.reporter, .received)
        (createdAt, updatedAt, steps, tasks) = (time, time, 0, [])
    }

    public init(caseID: String, category: String, level: HandlingLevel, priority: Priority, location: GridLocation,
                description: String, reporter: String?, status: CaseStatus, createdAt: Date, updatedAt: Date, steps: Int,
                tasks: [CaseTask]) {
        (self.caseID, self.category, self.level, self.priority, self.location) = (caseID, category, level, priority, location)
        (self.description, self.reporter, self.status, self.createdAt) = (description, reporter, status, createdAt)
        (self.updatedAt, self.steps, self.tasks) = (updatedAt, steps, tasks)
    }

    /// The task with this id.
    public func task(_ id: String) -> CaseTask? { tasks.first { $0.task == id } }
}
