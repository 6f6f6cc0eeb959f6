import Contracts
import Foundation
import GRDB
import StoreKit

/// A supervision order (督办) on a department's task (table `dispatch_order`).
struct OrderRecord: StoredRecord {
    static let databaseTableName = "dispatch_order"
    var orderID, caseID, taskID, department, opinion, by: String
    var answerBy, createdAt: Date
    var answer: String?
    var answeredAt: Date?
    var overdue: Bool

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case orderID = "order_id", caseID = "case_id", taskID = "task_id", department, opinion, by, answerBy = "answer_by"
        case createdAt = "created_at", answer, answeredAt = "answered_at", overdue
    }
    typealias Columns = CodingKeys

    init(_ order: Supervision, caseID: String) {
        (orderID, self.caseID, taskID, department, opinion, by) = (order.order, caseID, order.task, order.department, order.opinion, order.by)
        (answerBy, createdAt, answer, answeredAt, overdue) = (order.answerBy, order.createdAt, order.answer, order.answeredAt, order.overdue)
    }

    var order: Supervision {
        Supervision(order: orderID, task: taskID, department: department, opinion: opinion, by: by, answerBy: answerBy, createdAt: createdAt,
                    answer: answer, answeredAt: answeredAt, overdue: overdue)
    }
}

/// The reporter's rating of one round of a case (table `dispatch_rating`, one row per case and round).
struct RatingRecord: StoredRecord {
    static let databaseTableName = "dispatch_rating"
    var caseID: String
    var round: Int
    var satisfaction: Satisfaction
    var solved: Solved
    var comment: String?
    var at: Date

    enum CodingKeys: String, CodingKey, ColumnExpression { case caseID = "case_id", round, satisfaction, solved, comment, at }
    typealias Columns = CodingKeys

    init(_ rating: CaseRating, caseID: String) {
        (self.caseID, round, satisfaction, solved, comment, at) = (caseID, rating.round, rating.satisfaction, rating.solved, rating.comment, rating.at)
    }

    var rating: CaseRating { CaseRating(satisfaction: satisfaction, solved: solved, comment: comment, round: round, at: at) }
}

/// A durable timer (table `dispatch_timer`): due at `due_at`, fired once — the row is deleted in the very
/// transaction that records what firing it decided — or deleted unfired when a decision makes it moot.
struct TimerRecord: StoredRecord {
    static let databaseTableName = "dispatch_timer"
    var id: Int64?
    var caseID: String
    var kind: TimerPlan.Kind
    var taskID: String?
    var stage: Stage?
    var orderID: String?
    var dueAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, caseID = "case_id", kind, taskID = "task_id", stage, orderID = "order_id", dueAt = "due_at"
    }
    typealias Columns = CodingKeys

    init(_ plan: TimerPlan, caseID: String) {
        (self.caseID, kind, taskID, stage, orderID, dueAt) = (caseID, plan.kind, plan.task, plan.stage, plan.order, plan.dueAt)
    }

    var plan: TimerPlan { TimerPlan(kind: kind, task: taskID, stage: stage, order: orderID, dueAt: dueAt) }

    /// Written out rather than through `Encodable`: timers are set and fired by the thousand.
    func encode(to container: inout PersistenceContainer) {
        (container[Columns.id], container[Columns.caseID], container[Columns.kind]) = (id, caseID, kind.rawValue)
        (container[Columns.taskID], container[Columns.stage], container[Columns.orderID]) = (taskID, stage?.rawValue, orderID)
        container[Columns.dueAt] = dueAt.timeIntervalSince1970
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
