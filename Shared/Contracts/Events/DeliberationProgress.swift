public import Envelope
public import Foundation

/// A step of a proposal besides its vote's opening and decision (提议定做评, 四议两公开): proposed, a discussion or
/// one of the four deliberations recorded (`stage`, `note`: the minutes), a task carrying it out (`task`, `case`),
/// the tasks completed (the households may rate the result), the ratings counted (`satisfaction`), the resolution or
/// the result published (`publication`). Published by mediation on `deliberation.progressed.<street>.<community>`.
public struct DeliberationProgressed: EventContract, Equatable {
    public static let eventTypes = ["whistle.deliberation.progressed"]
    public static let summary = "A proposal took a step: proposed, deliberated (a discussion or one of 四议), a task carrying it out, completed, evaluated by the households, published (两公开)."

    public var proposal, street, community, question: String
    public var step: DeliberationStep
    public var building, proposedBy: String?
    public var stage: DeliberationStage?
    public var publication: Publication?
    public var note, task, caseID: String?
    /// The decision (on `published` resolution: whether it passed, with the tally).
    public var passed: Bool?
    public var tally: VoteTally?
    /// The households' ratings (on `evaluated`, and on `published` result).
    public var satisfaction: SatisfactionTally?

    enum CodingKeys: String, CodingKey {
        case proposal, street, community, question, step, building, proposedBy, stage, publication, note, task, caseID = "case", passed, tally
        case satisfaction
    }

    public init(proposal: String, area: Area, question: String, step: DeliberationStep, building: String? = nil, proposedBy: String? = nil,
                stage: DeliberationStage? = nil, publication: Publication? = nil, note: String? = nil, task: String? = nil, caseID: String? = nil,
                passed: Bool? = nil, tally: VoteTally? = nil, satisfaction: SatisfactionTally? = nil) {
        (self.proposal, self.street, self.community, self.question, self.step) = (proposal, area.street, area.community ?? "", question, step)
        (self.building, self.proposedBy, self.stage, self.publication, self.note) = (building, proposedBy, stage, publication, note)
        (self.task, self.caseID, self.passed, self.tally, self.satisfaction) = (task, caseID, passed, tally, satisfaction)
    }

    public var topic: Topic { Topics.topic(Topics.deliberationProgressed, Area(street: street, community: community)) }
    public var subject: String? { proposal }
}

/// The households' ratings of a proposal's result: how many were asked (the vote's roll), how many rated, each
/// answer, and satisfied + basic of those who rated, in percent (nil when none rated).
public struct SatisfactionTally: Codable, Sendable, Equatable {
    public var households, rated, satisfied, basic, unsatisfied: Int
    public var satisfactionPercent: Double?

    public init(households: Int, rated: Int, satisfied: Int, basic: Int, unsatisfied: Int) {
        (self.households, self.rated, self.satisfied, self.basic, self.unsatisfied) = (households, rated, satisfied, basic, unsatisfied)
        satisfactionPercent = Percent.of(satisfied + basic, rated)
    }
}
