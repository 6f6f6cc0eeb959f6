public import Contracts
public import Foundation

/// A department task's life: dispatched → acknowledged (报到) → in progress → completed, or returned as
/// misrouted from any open state. `progress` is optional (a department may complete straight after
/// acknowledging) and may repeat; `complete` needs an acknowledgement first.
public enum TaskLifecycle {
    /// The state after `action`, or nil when the action is not allowed now.
    public static func state(after action: TaskAction, from state: TaskState) -> TaskState? {
        switch (state, action) {
        case (.dispatched, .acknowledge): .acknowledged
        case (.acknowledged, .progress), (.inProgress, .progress): .inProgress
        case (.acknowledged, .complete), (.inProgress, .complete): .completed
        case (.dispatched, .return), (.acknowledged, .return), (.inProgress, .return): .returned
        default: nil
        }
    }

    /// A department's command on its task (in `file`, the case the task belongs to, nil when there is no
    /// such task): checks it is theirs and the step is allowed, moves the task (and, for the lead, the
    /// case) and records and publishes the step. Refusals change nothing.
    public static func apply(_ command: DepartmentCommand, to file: CaseFile?, now: Date) throws(CommandRefused) -> DispatchDecision {
        guard let file, let task = file.task(command.task) else { throw CommandRefused(.unknownTask, "no task '\(command.task.prefix(80))'") }
        guard task.department == command.department else {
            throw CommandRefused(.notYourTask, "this task belongs to another department")
        }
        guard let next = state(after: command.action, from: task.state) else {
            throw CommandRefused(.invalidTransition, "a \(task.state.rawValue) task cannot be asked to \(command.action.rawValue)")
        }
        if command.action == .return, (command.reason ?? "").isEmpty { throw CommandRefused(.reasonRequired, "returning a task needs a reason") }
        var decision = DispatchDecision(file, at: now)
        decision.move(task: task.task, to: next)
        let step = TaskStepped(step: published(command.action), task: task.task, department: task.department, role: task.role,
                               state: next, note: command.note, reason: command.reason, suggest: command.suggest)
        decision.step(task.role == .lead ? caseStatus(for: next) : file.status, step, department: task.department, task: task.task,
                      note: command.note ?? command.reason)
        return decision
    }

    static func published(_ action: TaskAction) -> TaskStepAction {
        switch action {
        case .acknowledge: .acknowledged
        case .progress: .progress
        case .complete: .completed
        case .return: .returned
        }
    }

    /// The lead's task state is the case's status.
    static func caseStatus(for state: TaskState) -> CaseStatus {
        switch state {
        case .dispatched: .dispatched
        case .acknowledged: .acknowledged
        case .inProgress: .inProgress
        case .completed: .completed
        case .returned: .returned
        }
    }
}
