/// A department task's life: dispatched → acknowledged (报到) → in progress → completed, or returned
/// as misrouted from any open state.
public enum TaskState: String, Sendable, Codable {
    case dispatched, acknowledged, inProgress = "in-progress", completed, returned

    /// What a department may ask of a task.
    public enum Action: String, Sendable, Codable, CaseIterable {
        case acknowledge, progress, complete, `return`
    }

    /// The state after `action`, or nil when the action is not allowed now.
    public func after(_ action: Action) -> TaskState? {
        switch (self, action) {
        case (.dispatched, .acknowledge): .acknowledged
        case (.acknowledged, .progress), (.inProgress, .progress): .inProgress
        case (.acknowledged, .complete), (.inProgress, .complete): .completed
        case (.dispatched, .return), (.acknowledged, .return), (.inProgress, .return): .returned
        default: nil
        }
    }
}

/// A department's request on the command endpoint, one JSON frame:
/// `{"department":"cg","task":"intake-1-7-cg","action":"acknowledge","note":"on our way"}`;
/// `return` needs `reason` and may `suggest` the department that should have it.
public struct DepartmentCommand: Codable, Sendable, Equatable {
    public var department: String
    public var task: String
    public var action: TaskState.Action
    public var note: String?
    public var reason: String?
    public var suggest: String?

    public init(department: String, task: String, action: TaskState.Action, note: String? = nil,
                reason: String? = nil, suggest: String? = nil) {
        self.department = department
        self.task = task
        self.action = action
        self.note = note
        self.reason = reason
        self.suggest = suggest
    }
}

/// The answer to a command: `{"status":"ok","task":…,"case":…,"state":"acknowledged"}` or
/// `{"status":"error","error":"not_your_task","message":…}`.
public struct CommandReply: Codable, Sendable, Equatable {
    public var status: String
    public var task: String?
    public var caseID: String?
    public var state: TaskState?
    public var error: String?
    public var message: String?

    enum CodingKeys: String, CodingKey { case status, task, caseID = "case", state, error, message }
}

/// Why a command was refused; nothing changes.
public enum CommandError: Error, Sendable, Equatable {
    case malformed(String)
    case unknownTask(String)
    case notYourTask
    case invalidTransition(from: TaskState, action: TaskState.Action)
    case reasonRequired

    public var kind: String {
        switch self {
        case .malformed: "malformed_command"
        case .unknownTask: "unknown_task"
        case .notYourTask: "not_your_task"
        case .invalidTransition: "invalid_transition"
        case .reasonRequired: "reason_required"
        }
    }

    public var message: String {
        switch self {
        case .malformed(let detail): "the command is not valid: \(detail)"
        case .unknownTask(let task): "no task '\(task.prefix(80))'"
        case .notYourTask: "this task belongs to another department"
        case .invalidTransition(let from, let action): "a \(from.rawValue) task cannot be asked to \(action.rawValue)"
        case .reasonRequired: "returning a task needs a reason"
        }
    }
}
