public import Envelope
public import Foundation

/// A proposal was put to a community's households (or one building's): what they are asked, by which rule,
/// until when. Published by mediation on `deliberation.opened.<street>.<community>`.
public struct DeliberationOpened: EventContract, Equatable {
    public static let eventTypes = ["whistle.deliberation.opened"]
    public static let summary = "A proposal was put to a community's households: the question, the rule, the closing time, how many households are asked and who votes for them."

    public var proposal, street, community, question: String
    public var building, proposedBy: String?
    public var rule: VotingRule
    public var closesAt: Date
    /// The households asked, and their exclusive area in m².
    public var households: Int
    public var area: Double
    /// The residents who vote for the households asked (their representatives, each once, sorted): notification tells
    /// them the vote opened and, later, what was decided. Absent when no household asked has a representative.
    public var representatives: [String]?
    /// The options the households choose among; absent: agree / disagree / abstain.
    public var options: [String]?

    public init(proposal: String, street: String, community: String, building: String?, question: String, proposedBy: String?,
                rule: VotingRule, closesAt: Date, households: Int, area: Double, representatives: [String]? = nil, options: [String]? = nil) {
        (self.proposal, self.street, self.community, self.building, self.question) = (proposal, street, community, building, question)
        (self.proposedBy, self.rule, self.closesAt, self.households, self.area) = (proposedBy, rule, closesAt, households, area)
        (self.representatives, self.options) = (representatives, options)
    }

    public var topic: Topic { Topics.topic(Topics.deliberationOpened, Area(street: street, community: community)) }
    public var subject: String? { proposal }
}

/// A proposal's vote closed and was counted, once: whether it passed by its rule, with the tally by household
/// (head) and by exclusive area. Published on `deliberation.decided.<street>.<community>`.
public struct DeliberationDecided: EventContract, Equatable {
    public static let eventTypes = ["whistle.deliberation.decided"]
    public static let summary = "A proposal's vote closed: passed or not by its rule, with the tally by household and by area."

    public var proposal, street, community, question: String
    public var building: String?
    public var rule: VotingRule
    public var passed: Bool
    public var tally: VoteTally
    public var closedAt: Date
    /// A question with options: the option the rule chose (passed); absent when none met it.
    public var chosen: String?

    public init(proposal: String, street: String, community: String, building: String?, question: String, rule: VotingRule,
                passed: Bool, tally: VoteTally, closedAt: Date, chosen: String? = nil) {
        (self.proposal, self.street, self.community, self.building, self.question) = (proposal, street, community, building, question)
        (self.rule, self.passed, self.tally, self.closedAt, self.chosen) = (rule, passed, tally, closedAt, chosen)
    }

    public var topic: Topic { Topics.topic(Topics.deliberationDecided, Area(street: street, community: community)) }
    public var subject: String? { proposal }
}

/// A vote's count by household (head) and by exclusive area (m²): those asked, those who took part (any
/// vote, abstaining included), and each choice. `quorum` says whether participation met the rule's threshold
/// (≥ 2/3 of the area and of the households for the owners' rules; always true for `majority`). On a question
/// with options, `options` counts each option's households and area, in the question's order, and `agree` and
/// `disagree` are 0.
public struct VoteTally: Codable, Sendable, Equatable {
    public var households, participants, agree, disagree, abstain: Int
    public var area, participatingArea, agreeArea, disagreeArea, abstainArea: Double
    public var quorum: Bool
    public var options: [OptionTally]?

    public init(households: Int, participants: Int, agree: Int, disagree: Int, abstain: Int, area: Double, participatingArea: Double,
                agreeArea: Double, disagreeArea: Double, abstainArea: Double, quorum: Bool, options: [OptionTally]? = nil) {
        (self.households, self.participants, self.agree, self.disagree, self.abstain) = (households, participants, agree, disagree, abstain)
        (self.area, self.participatingArea, self.agreeArea, self.disagreeArea) = (area, participatingArea, agreeArea, disagreeArea)
        (self.abstainArea, self.quorum, self.options) = (abstainArea, quorum, options)
    }
}

/// The households that chose one option of a question, and their exclusive area (m²).
public struct OptionTally: Codable, Sendable, Equatable {
    public var option: String
    public var households: Int
    public var area: Double

    public init(option: String, households: Int, area: Double) { (self.option, self.households, self.area) = (option, households, area) }
}
