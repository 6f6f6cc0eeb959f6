public import Contracts
import Foundation

/// A department's action on its own task from a case's page (报到, progress, complete, return as misrouted, answer a
/// 督办), as the command dispatch takes: the form checked first, so a form that cannot be a command is refused here
/// with what is missing and nothing is sent.
public enum TaskOrder {
    /// What a case's page offers a department on a task: its own open tasks only — dispatch decides whether the task's
    /// state allows each action, and says why not; `answer` only while a supervision order awaits its answer.
    public static func offered(to viewer: Viewer, on task: BoardTask) -> [TaskAction] {
        guard viewer.kind == .department, task.department == viewer.identity, task.isOpen, task.state != .returned else { return [] }
        var actions: [TaskAction] = task.state == .dispatched ? [.acknowledge, .return] : [.progress, .complete, .return]
        if task.order != nil, !task.orderAnswered { actions.append(.answer) }
        return actions
    }

    /// The command for `department` on `task` from a form: `command` (the id the page chose), `action`, and `note` —
    /// which a return needs as its reason and an answer as what was done (with the `order` it answers).
    public static func command(from form: [String: String], department: String, task: String) throws(StaffOrder.Invalid) -> DepartmentCommand {
        func field(_ key: String) -> String? {
            guard let value = form[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        guard let id = field("command"), id.count <= 64 else { throw .init(message: "the form carries no command id (at most 64 characters): load the page again") }
        guard let name = field("action"), let action = TaskAction(rawValue: name) else {
            throw .init(message: "action '\((form["action"] ?? "").prefix(40))' is not one of: " + TaskAction.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let note = field("note")
        guard (note?.count ?? 0) <= 500 else { throw .init(message: "note is longer than 500 characters") }
        var command = DepartmentCommand(command: id, department: department, task: task, action: action, note: note)
        switch action {
        case .return:
            guard let reason = note else { throw .init(message: "return needs a reason in the note: why the task is not this department's") }
            (command.note, command.reason, command.suggest) = (nil, reason, field("suggest"))
        case .answer:
            guard let order = field("order") else { throw .init(message: "answer needs the order it answers: load the page again") }
            guard note != nil else { throw .init(message: "answer needs a note: what was done about the order") }
            command.order = order
        case .acknowledge, .progress, .complete: break
        }
        return command
    }
}
