import Contracts
import Foundation
import GRDB
import StoreKit
import WhistleConsoleDomain

/// A case on the board (table `console_case`).
struct BoardCaseRecord: StoredRecord {
    static let databaseTableName = "console_case"
    var caseID, category, categoryName, street, community, grid, description: String
    var priority: Priority
    var level: HandlingLevel
    var status: CaseStatus
    var light: Light
    var holders: [String]
    var reportedAt, updatedAt: Date
    var reportHeard: Bool
    var open: Bool
    var device: String?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case caseID = "case_id", category, categoryName = "category_name", street, community, grid, description, priority, level, status, light,
             holders, reportedAt = "reported_at", updatedAt = "updated_at", reportHeard = "report_heard", open, device
    }
    typealias Columns = CodingKeys

    init(_ board: BoardCase) {
        (caseID, category, categoryName, description) = (board.caseID, board.category, board.categoryName, board.description)
        (street, community, grid) = (board.street, board.community, board.grid)
        (priority, level, status, light, holders) = (board.priority, board.level, board.status, board.light, board.holders)
        (reportedAt, updatedAt, reportHeard, open, device) = (board.reportedAt, board.updatedAt, board.reportHeard, board.isOpen, board.device)
    }

    var board: BoardCase {
        BoardCase(caseID: caseID, category: category, categoryName: categoryName, location: GridLocation(street: street, community: community, grid: grid),
                  description: description, priority: priority, level: level, status: status, light: light, holders: holders, reportedAt: reportedAt,
                  updatedAt: updatedAt, reportHeard: reportHeard, device: device)
    }
}

/// A line of a case's timeline (table `console_step`).
struct BoardStepRecord: StoredRecord {
    static let databaseTableName = "console_step"
    var id: Int64?
    var caseID, action: String
    var status: CaseStatus?
    var by, note: String?
    var at: Date

    enum CodingKeys: String, CodingKey, ColumnExpression { case id, caseID = "case_id", action, status, by, note, at }
    typealias Columns = CodingKeys

    init(_ step: BoardStep) {
        (caseID, action, status, by, note, at) = (step.caseID, step.action, step.status, step.by, step.note, step.at)
    }

    var step: BoardStep { BoardStep(caseID: caseID, action: action, status: status, by: by, note: note, at: at) }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A signed-in person's session (table `console_session`): only the token's SHA-256 is kept.
struct SessionRecord: StoredRecord {
    static let databaseTableName = "console_session"
    var tokenSHA256, identity, role, csrf: String
    var createdAt, expiresAt: Date
    /// The named account signed in with a password; nil for a sign-in with an API key.
    var account: String?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case tokenSHA256 = "token_sha256", identity, role, csrf, createdAt = "created_at", expiresAt = "expires_at", account
    }
    typealias Columns = CodingKeys
}

/// An action someone took through the console, and dispatch's answer (table `console_audit`).
struct AuditRecord: StoredRecord {
    static let databaseTableName = "console_audit"
    var id: Int64?
    var at: Date
    var identity, caseID, action, commandID, status: String
    var error, message: String?
    /// The named account that acted (for `identity`), if it signed in with a password.
    var account: String?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, at, identity, caseID = "case_id", action, commandID = "command_id", status, error, message, account
    }
    typealias Columns = CodingKeys

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A task on a case (table `console_task`).
struct BoardTaskRecord: StoredRecord {
    static let databaseTableName = "console_task"
    var taskID, caseID, street, community, grid, department, holder: String
    var role: TaskRole
    var state: TaskState
    var light: Light
    var handleBy: Date
    var orderID: String?
    var answerBy: Date?
    var orderAnswered: Bool
    var updatedAt: Date
    var open: Bool

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case taskID = "task_id", caseID = "case_id", street, community, grid, department, holder, role, state, light, handleBy = "handle_by",
             orderID = "order_id", answerBy = "answer_by", orderAnswered = "order_answered", updatedAt = "updated_at", open
    }
    typealias Columns = CodingKeys

    init(_ task: BoardTask) {
        (taskID, caseID, street, community, grid) = (task.taskID, task.caseID, task.street, task.community, task.grid)
        (department, holder, role, state, light, handleBy) = (task.department, task.holder, task.role, task.state, task.light, task.handleBy)
        (orderID, answerBy, orderAnswered, updatedAt, open) = (task.order, task.answerBy, task.orderAnswered, task.updatedAt, task.isOpen)
    }

    var task: BoardTask {
        BoardTask(taskID: taskID, caseID: caseID, location: GridLocation(street: street, community: community, grid: grid), department: department,
                  holder: holder, role: role, state: state, light: light, handleBy: handleBy, order: orderID, answerBy: answerBy,
                  orderAnswered: orderAnswered, updatedAt: updatedAt)
    }
}

/// A named account (table `console_account`): only its password's bcrypt hash is kept.
struct AccountRecord: StoredRecord {
    static let databaseTableName = "console_account"
    var name, display: String
    var role: String
    var actsAs: String?
    var passwordHash: String
    var disabled: Bool
    var failedSignIns: Int
    var lockedUntil: Date?
    var createdAt, passwordChangedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case name, display, role, actsAs = "acts_as", passwordHash = "password_hash", disabled, failedSignIns = "failed_sign_ins",
             lockedUntil = "locked_until", createdAt = "created_at", passwordChangedAt = "password_changed_at"
    }
    typealias Columns = CodingKeys

    var account: StaffAccount {
        StaffAccount(name: name, display: display, role: StaffAccount.Role(rawValue: role) ?? .readonly, actsAs: actsAs, disabled: disabled,
                     failedSignIns: failedSignIns, lockedUntil: lockedUntil)
    }
}
