import Contracts
import Foundation
import GRDB
import StoreKit

/// A case as dispatch holds it (table `dispatch_case`).
struct CaseRecord: StoredRecord {
    static let databaseTableName = "dispatch_case"
    var caseID, category, street, community, grid, description: String
    var level: HandlingLevel
    var priority: Priority
    var reporter: String?
    var status: CaseStatus
    var createdAt, updatedAt: Date
    var steps: Int

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case caseID = "case_id", category, level, priority, street, community, grid, description, reporter, status
        case createdAt = "created_at", updatedAt = "updated_at", steps
    }
    typealias Columns = CodingKeys

    init(_ file: CaseFile) {
        (caseID, category, level, priority, description) = (file.caseID, file.category, file.level, file.priority, file.description)
        (street, community, grid) = (file.location.street, file.location.community, file.location.grid)
        (reporter, status, createdAt, updatedAt, steps) = (file.reporter, file.status, file.createdAt, file.updatedAt, file.steps)
    }

    func file(tasks: [TaskRecord]) -> CaseFile {
        CaseFile(caseID: caseID, category: category, level: level, priority: priority,
                 location: GridLocation(street: street, community: community, grid: grid), description: description,
                 reporter: reporter, status: status, createdAt: createdAt, updatedAt: updatedAt, steps: steps, tasks: tasks.map(\.task))
    }
}

/// A department task (table `dispatch_task`).
struct TaskRecord: StoredRecord {
    static let databaseTableName = "dispatch_task"
    var taskID, caseID, department: String
    var role: TaskRole
    var state: TaskState
    var acknowledgeBy, createdAt, updatedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case taskID = "task_id", caseID = "case_id", department, role, state, acknowledgeBy = "acknowledge_by"
        case createdAt = "created_at", updatedAt = "updated_at"
    }
    typealias Columns = CodingKeys

    init(_ task: CaseTask, caseID: String) {
        (taskID, self.caseID, department, role, state) = (task.task, caseID, task.department, task.role, task.state)
        (acknowledgeBy, createdAt, updatedAt) = (task.acknowledgeBy, task.createdAt, task.updatedAt)
    }

    var task: CaseTask {
        CaseTask(task: taskID, department: department, role: role, state: state, acknowledgeBy: acknowledgeBy, createdAt: createdAt,
                 updatedAt: updatedAt)
    }
}

/// One step of a case's history (table `dispatch_history`).
struct HistoryRecord: StoredRecord {
    static let databaseTableName = "dispatch_history"
    var id: Int64?
    var caseID, action: String
    var step: Int
    var taskID, department, note: String?
    var at: Date

    enum CodingKeys: String, CodingKey, ColumnExpression { case id, caseID = "case_id", step, taskID = "task_id", department, action, note, at }
    typealias Columns = CodingKeys

    init(_ entry: HistoryEntry, caseID: String) {
        (self.caseID, step, taskID, department, action, note, at) = (caseID, entry.step, entry.task, entry.department, entry.action, entry.note, entry.at)
    }

    var entry: HistoryEntry { HistoryEntry(step: step, action: action, department: department, task: taskID, note: note, at: at) }
}

/// An event about a case dispatch does not hold yet (mediation's, when intake's report of the case is
/// still on its way): kept until the case arrives, then applied in order (table `dispatch_deferred`).
struct DeferredEventRecord: StoredRecord {
    static let databaseTableName = "dispatch_deferred"
    var id: Int64?
    var caseID, type: String
    var data: Data
    var receivedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression { case id, caseID = "case_id", type, data, receivedAt = "received_at" }
    typealias Columns = CodingKeys
}
