public import Contracts
public import Foundation

/// A department task's life: dispatched → acknowledged (报到) → in progress → completed, or returned as
/// misrouted from any open state. `progress` is optional (a department may complete straight after
/// acknowledging) and may repeat; `complete` needs an acknowledgement first. A department also answers the
/// supervision orders (督办) on its tasks.
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
    /// such task): checks it is theirs and the step is allowed, moves the task (and the case), records and
    /// publishes the step. Refusals change nothing.
    public static func apply(_ command: DepartmentCommand, to file: CaseFile?, rules: Governance, now: Date) throws(Refused) -> DispatchDecision {
        guard let file, let task = file.task(command.task), task.kind == .department else {
            throw Refused(.unknownTask, "no task '\(command.task.prefix(80))'")
        }
        guard task.department == command.department else { throw Refused(.notYourTask, "this task belongs to another department") }
        var decision = DispatchDecision(file, rules: rules, at: now)
        if command.action == .answer { return try answer(command, task: task, decision) }
        guard let next = state(after: command.action, from: task.state) else {
            throw Refused(.invalidTransition, "a \(task.state.rawValue) task cannot be asked to \(command.action.rawValue)")
        }
        if command.action == .return, (command.reason ?? "").isEmpty { throw Refused(.reasonRequired, "returning a task needs a reason") }
        decision.update(task: task.task) {
            $0.state = next
            if command.action == .acknowledge { $0.acknowledgedAt = now }
            if command.action == .complete { $0.completedAt = now }
            if command.action == .return { ($0.returns, $0.suggested) = ($0.returns + 1, command.suggest) }
        }
        switch command.action {
        case .acknowledge: decision.cancel(.task(task.task, .acknowledge))
        case .complete, .return: decision.cancel(.task(task.task, nil))
        case .progress, .answer: break
        }
        let step = TaskStepped(step: published(command.action), task: task.task, department: task.department, role: task.role,
                               state: next, note: command.note, reason: command.reason, suggest: command.suggest)
        decision.step(caseStatus(after: decision.file, lead: task.role == .lead ? next : nil), step, department: task.department,
                      task: task.task, note: command.note ?? command.reason, by: task.department)
        return decision
    }

    /// The case's status after a task step: completed once every department task is done; otherwise the
    /// lead's step sets it, an assistant's leaves it.
    static func caseStatus(after file: CaseFile, lead state: TaskState?) -> CaseStatus {
        let departmentTasks = file.tasks.filter { $0.kind == .department && $0.state != .withdrawn }
        if !departmentTasks.isEmpty, departmentTasks.allSatisfy({ $0.state == .completed }) { return .completed }
        switch state {
        case .acknowledged?: return .acknowledged
        case .inProgress?: return .inProgress
        case .returned?: return .returned
        case .completed?, .dispatched?, .withdrawn?, nil: return file.status
        }
    }

    /// The department answers a supervision order on its task.
    static func answer(_ command: DepartmentCommand, task: CaseTask, _ decision: DispatchDecision) throws(Refused) -> DispatchDecision {
        var decision = decision
        guard let id = command.order else { throw Refused(.missingDetail, "answering needs the supervision order's id: order") }
        guard let order = decision.file.orders.first(where: { $0.order == id }), order.task == task.task else {
            throw Refused(.unknownOrder, "no supervision order '\(id.prefix(80))' on this task")
        }
        guard order.answeredAt == nil else { throw Refused(.invalidTransition, "supervision order \(id) was answered already") }
        guard let answer = command.note, !answer.isEmpty else { throw Refused(.missingDetail, "the answer goes in note") }
        let now = decision.now
        decision.update(order: id) {
            $0.answer = answer
            $0.answeredAt = now
        }
        decision.cancel(.order(id))
        decision.step(decision.file.status, SupervisionAnswered(order: id, task: task.task, department: task.department, answer: answer),
                      department: task.department, task: task.task, note: answer, by: task.department)
        return decision
    }

    static func published(_ action: TaskAction) -> TaskStepAction {
        switch action {
        case .acknowledge: .acknowledged
        case .progress, .answer: .progress
        case .complete: .completed
        case .return: .returned
        }
    }
}
