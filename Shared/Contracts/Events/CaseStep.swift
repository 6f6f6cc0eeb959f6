public import Envelope

/// One step in a case's life, published by dispatch on `status.case.<street>.<community>.<grid>` as
/// `whistle.case.<action>`. Every step carries the same header — the case, its status after the step,
/// its category, where it is, who reported it — and the members of its `Detail` beside them, at the top
/// level of `data`.
@dynamicMemberLookup
public struct CaseStep<Detail: CaseStepDetail>: EventContract {
    public static var eventTypes: [String] { Detail.actions.map { CaseStepTypes.prefix + $0 } }
    public static var summary: String { Detail.summary }

    public var caseID: String
    /// The case's status after this step.
    public var status: CaseStatus
    public var category, street, community, grid: String
    public var reporter: String?
    public var detail: Detail

    enum CodingKeys: String, CodingKey { case caseID = "case", status, category, street, community, grid, reporter, action }

    public init(caseID: String, status: CaseStatus, category: String, location: GridLocation, reporter: String?, detail: Detail) {
        (self.caseID, self.status, self.category, self.reporter, self.detail) = (caseID, status, category, reporter, detail)
        (self.street, self.community, self.grid) = (location.street, location.community, location.grid)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        caseID = try container.decode(String.self, forKey: .caseID)
        status = try container.decode(CaseStatus.self, forKey: .status)
        category = try container.decode(String.self, forKey: .category)
        street = try container.decode(String.self, forKey: .street)
        community = try container.decode(String.self, forKey: .community)
        grid = try container.decode(String.self, forKey: .grid)
        reporter = try container.decodeIfPresent(String.self, forKey: .reporter)
        _ = try container.decode(String.self, forKey: .action)
        detail = try Detail(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(caseID, forKey: .caseID)
        try container.encode(status, forKey: .status)
        try container.encode(category, forKey: .category)
        try container.encode(street, forKey: .street)
        try container.encode(community, forKey: .community)
        try container.encode(grid, forKey: .grid)
        try container.encodeIfPresent(reporter, forKey: .reporter)
        try container.encode(detail.action, forKey: .action)
        try detail.encode(to: encoder)
    }

    public subscript<Value>(dynamicMember path: KeyPath<Detail, Value>) -> Value { detail[keyPath: path] }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
    public var eventType: String { CaseStepTypes.prefix + detail.action }
    public var topic: Topic { Topics.topic(Topics.caseStatus, location.area) }
    public var subject: String? { caseID }
}

/// The part of a case step that differs by kind of step.
public protocol CaseStepDetail: Codable, Sendable {
    /// The `action` values (and so the `whistle.case.<action>` types) this detail is published as.
    static var actions: [String] { get }
    static var summary: String { get }
    /// This step's action.
    var action: String { get }
}

extension CaseStepDetail {
    public var action: String { Self.actions[0] }
}

/// Case-step types are `whistle.case.<action>`.
public enum CaseStepTypes {
    public static let prefix = "whistle.case."

    /// Every kind of case step dispatch publishes on `status.case.*`, each shown to `visitor`: a follower that treats
    /// them alike (intake's public view, the console's board) registers a handler for each from one list.
    public static func visitAll(_ visitor: inout some CaseStepVisitor) {
        visitor.visit(CaseAssigned.self); visitor.visit(CaseEscalated.self); visitor.visit(CaseDispatched.self)
        visitor.visit(CaseReferred.self); visitor.visit(CaseUnrouted.self); visitor.visit(CaseTaskStepped.self)
        visitor.visit(CaseMediating.self); visitor.visit(CaseMediationEnded.self); visitor.visit(CaseReminded.self)
        visitor.visit(CaseOverdue.self); visitor.visit(CaseSupervised.self); visitor.visit(CaseSupervisionAnswered.self)
        visitor.visit(CaseSupervisionOverdue.self); visitor.visit(CaseSummoned.self); visitor.visit(CaseReassigned.self)
        visitor.visit(CaseSentBack.self); visitor.visit(CaseResolved.self); visitor.visit(CaseVerified.self)
        visitor.visit(CaseRated.self); visitor.visit(CaseReopened.self); visitor.visit(CaseClosed.self)
        visitor.visit(CaseAnnotated.self)
    }
}

/// Shown every kind of case step by `CaseStepTypes.visitAll`.
public protocol CaseStepVisitor {
    mutating func visit<Detail: CaseStepDetail>(_ type: CaseStep<Detail>.Type)
}
