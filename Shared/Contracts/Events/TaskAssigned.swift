public import Envelope
public import Foundation

/// A task for a case, on its holder's own topic `task.<holder>.<street>.<community>.<grid>`: everything the
/// case report says, plus which task, whose, in which role, and when it must report for duty.
@dynamicMemberLookup
public struct TaskAssigned: EventContract, Equatable {
    public static let eventTypes = ["whistle.task.assigned"]
    public static let summary = "A department, or the holder of a rung below the whistle, must handle a case: its task, its role (lead 主办 or assist 协办) and when to report for duty."

    /// The case as reported (its members appear at the top level of `data`).
    public var report: CaseReported
    /// `department`: a department code, or the rung (`grid`, `community`, `street`, `district`) for a rung's
    /// own task. `holder`: whose topic it is on — the department code, or the id of the rung's holder
    /// (`gw-g01`, `co-c01`, `so-s01`, `do-d01`).
    public var task, department, holder: String
    public var kind: TaskKind
    public var role: TaskRole
    /// The rung the case is at.
    public var level: HandlingLevel
    /// Report for duty (acknowledge) before this (departments only).
    public var acknowledgeBy: Date?
    /// Finish before this.
    public var handleBy: Date

    enum CodingKeys: String, CodingKey { case task, department, holder, kind, role, level, acknowledgeBy, handleBy }

    public init(report: CaseReported, task: String, department: String, holder: String, kind: TaskKind, role: TaskRole, level: HandlingLevel,
                acknowledgeBy: Date?, handleBy: Date) {
        (self.report, self.task, self.department, self.holder, self.kind, self.role) = (report, task, department, holder, kind, role)
        (self.level, self.acknowledgeBy, self.handleBy) = (level, acknowledgeBy, handleBy)
    }

    public init(from decoder: any Decoder) throws {
        report = try CaseReported(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        task = try container.decode(String.self, forKey: .task)
        department = try container.decode(String.self, forKey: .department)
        holder = try container.decode(String.self, forKey: .holder)
        kind = try container.decode(TaskKind.self, forKey: .kind)
        role = try container.decode(TaskRole.self, forKey: .role)
        level = try container.decode(HandlingLevel.self, forKey: .level)
        acknowledgeBy = try container.decodeIfPresent(Date.self, forKey: .acknowledgeBy)
        handleBy = try container.decode(Date.self, forKey: .handleBy)
    }

    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(task, forKey: .task)
        try container.encode(department, forKey: .department)
        try container.encode(holder, forKey: .holder)
        try container.encode(kind, forKey: .kind)
        try container.encode(role, forKey: .role)
        try container.encode(level, forKey: .level)
        try container.encodeIfPresent(acknowledgeBy, forKey: .acknowledgeBy)
        try container.encode(handleBy, forKey: .handleBy)
    }

    public subscript<Value>(dynamicMember path: KeyPath<CaseReported, Value>) -> Value { report[keyPath: path] }

    public var topic: Topic { Topics.task(of: holder, at: report.location) }
    public var subject: String? { task }
}
