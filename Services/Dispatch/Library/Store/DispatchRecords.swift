import Contracts
import Envelope
import Foundation
import GRDB
import StoreKit

/// A case as dispatch holds it (table `dispatch_case`): the report it came from (JSON, `report`), the
/// columns queries and statistics select on, and where it stands on the ladder.
struct CaseRecord: StoredRecord {
    static let databaseTableName = "dispatch_case"
    var caseID, category, street, community, grid, description: String
    var level: HandlingLevel
    var priority: Priority
    var reporter: String?
    var status: CaseStatus
    var whistledLevel, resolvedLevel: HandlingLevel?
    var round: Int
    var closure: Closure?
    var report: Data
    var createdAt, updatedAt: Date
    var steps: Int

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case caseID = "case_id", category, level, priority, street, community, grid, description, reporter, status
        case whistledLevel = "whistled_level", resolvedLevel = "resolved_level", round, closure, report
        case createdAt = "created_at", updatedAt = "updated_at", steps
    }
    typealias Columns = CodingKeys

    init(_ file: CaseFile) throws {
        (caseID, category, level, priority, description) = (file.caseID, file.category, file.level, file.report.priority, file.report.description)
        (street, community, grid) = (file.location.street, file.location.community, file.location.grid)
        (reporter, status, whistledLevel, resolvedLevel) = (file.reporter, file.status, file.whistledLevel, file.resolvedLevel)
        (round, closure, createdAt, updatedAt, steps) = (file.round, file.closure, file.createdAt, file.updatedAt, file.steps)
        report = try JSONValueEncoder().encode(file.report).jsonData()
    }

    func file(tasks: [TaskRecord], orders: [OrderRecord], rating: RatingRecord?) throws -> CaseFile {
        let report = try JSONValueDecoder().decode(CaseReported.self, from: JSONValue.parse(report))
        return CaseFile(report: report, status: status, level: level, whistledLevel: whistledLevel, resolvedLevel: resolvedLevel, round: round,
                        rating: rating?.rating, closure: closure, createdAt: createdAt, updatedAt: updatedAt, steps: steps,
                        tasks: tasks.map(\.task), orders: orders.map(\.order))
    }
}

/// What a decision on an existing case may change, as it now is — the columns of `dispatch_case` besides the
/// report it came from, which never changes (so a move does not encode the report again).
struct CaseMoves: MutablePersistableRecord {
    static let databaseTableName = CaseRecord.databaseTableName
    typealias Columns = CaseRecord.Columns
    let file: CaseFile

    init(_ file: CaseFile) { self.file = file }

    func encode(to container: inout PersistenceContainer) {
        (container[Columns.caseID], container[Columns.level], container[Columns.status]) = (file.caseID, file.level.rawValue, file.status.rawValue)
        (container[Columns.whistledLevel], container[Columns.resolvedLevel]) = (file.whistledLevel?.rawValue, file.resolvedLevel?.rawValue)
        (container[Columns.round], container[Columns.closure], container[Columns.steps]) = (file.round, file.closure?.rawValue, file.steps)
        container[Columns.updatedAt] = file.updatedAt.timeIntervalSince1970
    }
}

/// A task of a case (table `dispatch_task`): a department's, or a rung's own (the grid worker's, the
/// community office's), with its deadlines and what happened to it.
struct TaskRecord: StoredRecord {
    static let databaseTableName = "dispatch_task"
    var taskID, caseID, department: String
    var kind: TaskKind
    var role: TaskRole
    var state: TaskState
    var level: HandlingLevel
    var acknowledgeBy: Date?
    var handleBy, startedAt: Date
    var acknowledgedAt, completedAt: Date?
    var returns, rework, overdue: Int
    var suggested: String?
    var createdAt, updatedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case taskID = "task_id", caseID = "case_id", department, kind, role, state, level, acknowledgeBy = "acknowledge_by"
        case handleBy = "handle_by", startedAt = "started_at", acknowledgedAt = "acknowledged_at", completedAt = "completed_at"
        case returns, rework, overdue, suggested, createdAt = "created_at", updatedAt = "updated_at"
    }
    typealias Columns = CodingKeys

    init(_ task: CaseTask, caseID: String) {
        (taskID, self.caseID, department, kind, role, state, level) = (task.task, caseID, task.department, task.kind, task.role, task.state, task.level)
        (acknowledgeBy, handleBy, startedAt, acknowledgedAt, completedAt) = (task.acknowledgeBy, task.handleBy, task.startedAt, task.acknowledgedAt, task.completedAt)
        (returns, rework, overdue, suggested, createdAt, updatedAt) = (task.returns, task.rework, task.overdue, task.suggested, task.createdAt, task.updatedAt)
    }

    /// Written out rather than through `Encodable`: a task row is written by most decisions, and GRDB's
    /// encoder cost a fifth of firing a timer.
    func encode(to container: inout PersistenceContainer) {
        (container[Columns.taskID], container[Columns.caseID], container[Columns.department]) = (taskID, caseID, department)
        (container[Columns.kind], container[Columns.role]) = (kind.rawValue, role.rawValue)
        (container[Columns.state], container[Columns.level]) = (state.rawValue, level.rawValue)
        (container[Columns.acknowledgeBy], container[Columns.handleBy]) = (acknowledgeBy?.timeIntervalSince1970, handleBy.timeIntervalSince1970)
        (container[Columns.startedAt], container[Columns.acknowledgedAt]) = (startedAt.timeIntervalSince1970, acknowledgedAt?.timeIntervalSince1970)
        (container[Columns.completedAt], container[Columns.returns]) = (completedAt?.timeIntervalSince1970, returns)
        (container[Columns.rework], container[Columns.overdue], container[Columns.suggested]) = (rework, overdue, suggested)
        (container[Columns.createdAt], container[Columns.updatedAt]) = (createdAt.timeIntervalSince1970, updatedAt.timeIntervalSince1970)
    }

    var task: CaseTask {
        var task = CaseTask(task: taskID, department: department, kind: kind, role: role, state: state, level: level, acknowledgeBy: acknowledgeBy,
                            handleBy: handleBy, acknowledgedAt: acknowledgedAt, completedAt: completedAt, returns: returns, rework: rework,
                            overdue: overdue, startedAt: startedAt, createdAt: createdAt, updatedAt: updatedAt)
        task.suggested = suggested
        return task
    }
}

/// One step of a case's history (table `dispatch_history`).
struct HistoryRecord: StoredRecord {
    static let databaseTableName = "dispatch_history"
    var id: Int64?
    var caseID, action: String
    var step: Int
    var level: HandlingLevel?
    var taskID, department, note, by: String?
    var at: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, caseID = "case_id", step, level, taskID = "task_id", department, action, note, by, at
    }
    typealias Columns = CodingKeys

    init(_ entry: HistoryEntry, caseID: String) {
        (self.caseID, step, level, taskID, department) = (caseID, entry.step, entry.level, entry.task, entry.department)
        (action, note, by, at) = (entry.action, entry.note, entry.by, entry.at)
    }

    /// Written out rather than through `Encodable`: every decision writes history.
    func encode(to container: inout PersistenceContainer) {
        (container[Columns.id], container[Columns.caseID], container[Columns.step]) = (id, caseID, step)
        (container[Columns.level], container[Columns.taskID], container[Columns.department]) = (level?.rawValue, taskID, department)
        (container[Columns.action], container[Columns.note], container[Columns.by]) = (action, note, by)
        container[Columns.at] = at.timeIntervalSince1970
    }

    var entry: HistoryEntry {
        HistoryEntry(step: step, action: action, level: level, department: department, task: taskID, note: note, by: by, at: at)
    }
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
