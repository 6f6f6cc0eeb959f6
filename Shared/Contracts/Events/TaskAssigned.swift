public import Envelope
public import Foundation

/// A department's task for a case, on its own topic `task.<department>.<street>.<community>`: everything
/// the case report says, plus which task, whose, in which role, and when it must report for duty.
@dynamicMemberLookup
public struct TaskAssigned: EventContract, Equatable {
    public static let eventTypes = ["whistle.task.assigned"]
    public static let summary = "A department must handle a case: its task, its role (lead 主办 or assist 协办) and when to report for duty."

    /// The case as reported (its members appear at the top level of `data`).
    public var report: CaseReported
    public var task, department: String
    public var role: TaskRole
    /// Report for duty (acknowledge) before this.
    public var acknowledgeBy: Date

    enum CodingKeys: String, CodingKey { case task, department, role, acknowledgeBy }

    public init(report: CaseReported, task: String, department: String, role: TaskRole, acknowledgeBy: Date) {
        (self.report, self.task, self.department, self.role, self.acknowledgeBy) = (report, task, department, role, acknowledgeBy)
    }

    public init(from decoder: any Decoder) throws {
        report = try CaseReported(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        task = try container.decode(String.self, forKey: .task)
        department = try container.decode(String.self, forKey: .department)
        role = try container.decode(TaskRole.self, forKey: .role)
        acknowledgeBy = try container.decode(Date.self, forKey: .acknowledgeBy)
    }

    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(task, forKey: .task)
        try container.encode(department, forKey: .department)
        try container.encode(role, forKey: .role)
        try container.encode(acknowledgeBy, forKey: .acknowledgeBy)
    }

    public subscript<Value>(dynamicMember path: KeyPath<CaseReported, Value>) -> Value { report[keyPath: path] }

    public var topic: Topic { Topic(segments: [String(Topics.tasks(of: department).dropLast()), report.street, report.community]) }
    public var subject: String? { task }
}
