public import Contracts
public import Foundation

/// One case as the command centre sees it: where it is, on which rung, how it stands and the worst light
/// its tasks have shown — kept by the console from intake's report and dispatch's steps.
public struct BoardCase: Sendable, Equatable, Codable {
    public var caseID: String
    public var category, categoryName: String
    public var street, community, grid: String
    public var description: String
    public var priority: Priority
    public var level: HandlingLevel
    public var status: CaseStatus
    /// The worst light the case has shown while open: yellow after a reminder, red once a time limit passed.
    public var light: Light
    /// Departments and people who were given a task on it, in the order they were.
    public var holders: [String]
    /// When intake took the report (or, until its report arrives, when the first step was heard).
    public var reportedAt: Date
    public var updatedAt: Date
    /// Intake's report has arrived (a step may come first: they are different producers).
    public var reportHeard: Bool
    /// The sensor or gate that raised it (an alarm, or a silent device's or a cared-for resident's watch).
    public var device: String? = nil

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }

    /// Still to be done: not closed.
    public var isOpen: Bool { status != .closed }

    public init(caseID: String, category: String, categoryName: String, location: GridLocation, description: String, priority: Priority,
                level: HandlingLevel, status: CaseStatus, light: Light, holders: [String], reportedAt: Date, updatedAt: Date, reportHeard: Bool,
                device: String? = nil) {
        (self.caseID, self.category, self.categoryName, self.description) = (caseID, category, categoryName, description)
        (street, community, grid) = (location.street, location.community, location.grid)
        (self.priority, self.level, self.status, self.light, self.holders) = (priority, level, status, light, holders)
        (self.reportedAt, self.updatedAt, self.reportHeard, self.device) = (reportedAt, updatedAt, reportHeard, device)
    }
}

/// The traffic light of the 考评: green in time, yellow reminded, red overdue.
public enum Light: String, Sendable, Codable, CaseIterable, Comparable {
    case green, yellow, red

    public static func < (lhs: Light, rhs: Light) -> Bool { allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)! }
}

/// One line of a case's timeline.
public struct BoardStep: Sendable, Equatable, Codable {
    public var caseID: String
    /// The step's action (`reported`, `escalated`, `summoned` …).
    public var action: String
    public var status: CaseStatus?
    /// Who took it, when the step says.
    public var by: String?
    /// What it was about: the task holder, the rung, the reason.
    public var note: String?
    public var at: Date

    public init(caseID: String, action: String, status: CaseStatus?, by: String?, note: String?, at: Date) {
        (self.caseID, self.action, self.status, self.by, self.note, self.at) = (caseID, action, status, by, note, at)
    }
}
