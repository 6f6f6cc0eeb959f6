public import Envelope
public import Foundation

/// Something a task's holder must know, on its own task topic (`task.<holder>.<street>.<community>.<grid>`:
/// `task.cg.…`, `task.gw-g01.…`, `task.co-c01.…`) as `whistle.task.<action>`: a reminder, a supervision
/// order, a withdrawal, a task sent back, a task reopened for rework.
@dynamicMemberLookup
public struct TaskNotice<Detail: TaskNoticeDetail>: EventContract {
    public static var eventTypes: [String] { Detail.actions.map { TaskNoticeTypes.prefix + $0 } }
    public static var summary: String { Detail.summary }

    /// `department` as in `whistle.task.assigned` (a department code, or the rung); `holder` whose topic it is on.
    public var caseID, task, department, holder, street, community, grid: String
    public var detail: Detail

    enum CodingKeys: String, CodingKey { case caseID = "case", task, department, holder, street, community, grid, action }

    public init(caseID: String, task: String, department: String, holder: String, location: GridLocation, detail: Detail) {
        (self.caseID, self.task, self.department, self.holder, self.detail) = (caseID, task, department, holder, detail)
        (self.street, self.community, self.grid) = (location.street, location.community, location.grid)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try container.decode(String.self, forKey: .caseID)
        task = try container.decode(String.self, forKey: .task)
        department = try container.decode(String.self, forKey: .department)
        holder = try container.decode(String.self, forKey: .holder)
        street = try container.decode(String.self, forKey: .street)
        community = try container.decode(String.self, forKey: .community)
        grid = try container.decode(String.self, forKey: .grid)
        _ = try container.decode(String.self, forKey: .action)
        detail = try Detail(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(caseID, forKey: .caseID)
        try container.encode(task, forKey: .task)
        try container.encode(department, forKey: .department)
        try container.encode(holder, forKey: .holder)
        try container.encode(street, forKey: .street)
        try container.encode(community, forKey: .community)
        try container.encode(grid, forKey: .grid)
        try container.encode(Detail.actions[0], forKey: .action)
        try detail.encode(to: encoder)
    }

    public subscript<Value>(dynamicMember path: KeyPath<Detail, Value>) -> Value { detail[keyPath: path] }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
    public var topic: Topic { Topics.task(of: holder, at: location) }
    public var subject: String? { task }
}

public protocol TaskNoticeDetail: Codable, Sendable {
    static var actions: [String] { get }
    static var summary: String { get }
}

public enum TaskNoticeTypes {
    public static let prefix = "whistle.task."
}

public typealias TaskReminded = TaskNotice<TaskReminder>
public typealias TaskOverdue = TaskNotice<TaskLateness>
public typealias TaskSupervisionOrdered = TaskNotice<SupervisionOrder>
public typealias TaskWithdrawn = TaskNotice<Withdrawal>
public typealias TaskSentBack = TaskNotice<SendingBack>
public typealias TaskReopened = TaskNotice<Reopening>

/// 催办 to the holder: 80 % of a stage's time is gone.
public struct TaskReminder: TaskNoticeDetail, Equatable {
    public static let actions = ["reminded"]
    public static let summary = "催办: 80 % of the task's time for a stage is gone; it is due at dueAt."
    public var stage: Stage
    public var dueAt: Date

    public init(stage: Stage, dueAt: Date) { (self.stage, self.dueAt) = (stage, dueAt) }
}

/// The holder's time for a stage ran out.
public struct TaskLateness: TaskNoticeDetail, Equatable {
    public static let actions = ["overdue"]
    public static let summary = "The task's time for a stage ran out at dueAt."
    public var stage: Stage
    public var dueAt: Date

    public init(stage: Stage, dueAt: Date) { (self.stage, self.dueAt) = (stage, dueAt) }
}

/// 督办: the department must answer for its task by `answerBy` (`answer` command with the order id).
public struct SupervisionOrder: TaskNoticeDetail, Equatable {
    public static let actions = ["supervision-ordered"]
    public static let summary = "督办: a supervision order the department must answer (answer command, with the order id) by answerBy."
    public var order, opinion, by: String
    public var answerBy: Date

    public init(order: String, opinion: String, answerBy: Date, by: String) {
        (self.order, self.opinion, self.answerBy, self.by) = (order, opinion, answerBy, by)
    }
}

/// The task is no longer the holder's: the case moved on (escalated, reassigned, closed).
public struct Withdrawal: TaskNoticeDetail, Equatable {
    public static let actions = ["withdrawn"]
    public static let summary = "The task is no longer the holder's: the case was escalated, the task reassigned, or the case closed."
    public var reason: String

    public init(reason: String) { self.reason = reason }
}

/// A returned task came back: the level above says it is the department's.
public struct SendingBack: TaskNoticeDetail, Equatable {
    public static let actions = ["sent-back"]
    public static let summary = "A returned task came back with the triaging level's opinion; report for duty by acknowledgeBy."
    public var opinion: String
    public var acknowledgeBy: Date

    public init(opinion: String, acknowledgeBy: Date) { (self.opinion, self.acknowledgeBy) = (opinion, acknowledgeBy) }
}

/// 返工: the reporter was not satisfied; the lead works the case again.
public struct Reopening: TaskNoticeDetail, Equatable {
    public static let actions = ["reopened"]
    public static let summary = "返工: the reporter was not satisfied; the task is open again (round), to be acknowledged and handled anew."
    public var round: Int
    public var acknowledgeBy: Date?
    public var handleBy: Date

    public init(round: Int, acknowledgeBy: Date?, handleBy: Date) { (self.round, self.acknowledgeBy, self.handleBy) = (round, acknowledgeBy, handleBy) }
}
