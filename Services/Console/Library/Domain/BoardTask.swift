public import Contracts
public import Foundation

/// A task on a case as the overdue and supervision page sees it: whose, in what state, its light, due when, and
/// the supervision order (督办) on it if any.
public struct BoardTask: Sendable, Equatable, Codable {
    public var taskID, caseID: String
    public var street, community, grid: String
    /// The department's code, or the rung (`grid`, `community` …) for a rung's own task; `holder` whose topic it is.
    public var department, holder: String
    public var role: TaskRole
    public var state: TaskState
    public var light: Light
    public var handleBy: Date
    public var order: String?
    public var answerBy: Date?
    public var orderAnswered: Bool
    public var updatedAt: Date

    /// Still someone's to do.
    public var isOpen: Bool { ![.completed, .withdrawn].contains(state) }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }

    public init(taskID: String, caseID: String, location: GridLocation, department: String, holder: String, role: TaskRole, state: TaskState,
                light: Light, handleBy: Date, order: String?, answerBy: Date?, orderAnswered: Bool, updatedAt: Date) {
        (self.taskID, self.caseID, self.department, self.holder, self.role) = (taskID, caseID, department, holder, role)
        (street, community, grid) = (location.street, location.community, location.grid)
        (self.state, self.light, self.handleBy, self.order, self.answerBy) = (state, light, handleBy, order, answerBy)
        (self.orderAnswered, self.updatedAt) = (orderAnswered, updatedAt)
    }
}

/// How tasks change: given on their holder's topic, then moved by the case's steps. Pure.
public enum TaskBoard {
    /// A new task, in time (green) and not yet taken up.
    public static func assigned(_ event: TaskAssigned, at time: Date) -> BoardTask {
        BoardTask(taskID: event.task, caseID: event.report.caseID, location: event.report.location, department: event.department, holder: event.holder, role: event.role,
                  state: .dispatched, light: .green, handleBy: event.handleBy, order: nil, answerBy: nil, orderAnswered: false, updatedAt: time)
    }

    /// The task a step is about, after it (nil when the step names none, or one the console never heard given).
    public static func stepped(_ facts: StepFacts, onto current: BoardTask?, at time: Date) -> BoardTask? {
        guard var task = current else { return nil }
        if let state = facts.taskState { task.state = state }
        if let light = facts.light { task.light = max(task.light, light) }
        if let order = facts.order {
            if facts.answered { task.orderAnswered = true } else if facts.answerBy != nil {
                (task.order, task.answerBy, task.orderAnswered) = (order, facts.answerBy, false)
            }
        }
        if facts.action == "reopened" { task.state = .inProgress }
        task.updatedAt = max(task.updatedAt, time)
        return task
    }

    /// A task taken away: reassigned, or withdrawn when the case moved on.
    public static func withdrawn(_ current: BoardTask?, at time: Date) -> BoardTask? {
        guard var task = current else { return nil }
        (task.state, task.updatedAt) = (.withdrawn, max(task.updatedAt, time))
        return task
    }
}
