public import Foundation
import GRDB
import Messaging

extension DispatchStore {
    /// Applies a department's command in one transaction: checks the task is theirs and the step is
    /// allowed, moves the task (and, for the lead, the case), records and publishes the step.
    public func apply(_ command: DepartmentCommand, now: Date = Date()) throws -> CommandReply {
        try database.write { db in
            guard let task = try Row.fetchOne(db, sql: "SELECT case_id, department, role, state FROM dispatch_task WHERE task_id = ?",
                                              arguments: [command.task]) else {
                throw CommandError.unknownTask(command.task)
            }
            guard task["department"] as String == command.department else { throw CommandError.notYourTask }
            let current = TaskState(rawValue: task["state"]) ?? .dispatched
            guard let next = current.after(command.action) else {
                throw CommandError.invalidTransition(from: current, action: command.action)
            }
            if command.action == .return, (command.reason ?? "").isEmpty { throw CommandError.reasonRequired }
            let caseID: String = task["case_id"]
            try db.execute(sql: "UPDATE dispatch_task SET state = ?, updated_at = ? WHERE task_id = ?",
                           arguments: [next.rawValue, now.timeIntervalSince1970, command.task])
            if task["role"] as String == "lead" { try setStatus(db, caseID, next.rawValue, now: now) }
            var extra: [String: JSONValue] = ["state": .string(next.rawValue), "role": .string(task["role"])]
            extra["reason"] = command.reason.map(JSONValue.string)
            extra["suggest"] = command.suggest.map(JSONValue.string)
            let action = ["acknowledge": "acknowledged", "progress": "progress", "complete": "completed", "return": "returned"][command.action.rawValue]!
            try record(db, caseID: caseID, action: action, task: command.task, department: command.department,
                       note: command.note ?? command.reason, extra: extra, now: now)
            return CommandReply(status: "ok", task: command.task, caseID: caseID, state: next)
        }
    }
}
