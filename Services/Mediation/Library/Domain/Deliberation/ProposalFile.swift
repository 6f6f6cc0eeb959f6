public import Contracts
public import Foundation

/// A question put to a community's households (or one building's), as mediation holds it on 提 → 议 → 定 → 做 → 评:
/// its discussions and 四议, its rule and voting time once the vote opened, once closed the result, the tasks carrying
/// it out, the households' ratings, the publications (两公开).
public struct ProposalFile: Sendable, Equatable {
    public var proposal: String
    public var area: Area
    public var building: String?
    public var question: String
    /// The options the households choose among; nil: agree / disagree / abstain.
    public var options: [String]?
    public var proposedBy: String?
    public var openedBy: String
    /// The vote's rule and closing time, once it opened.
    public var rule: VotingRule?
    /// Whether a household may change its vote until the close.
    public var changeable: Bool
    /// When it was put: proposed, or opened to the vote at once.
    public var openedAt: Date
    public var closesAt: Date?
    public var status: ProposalStatus
    /// Once decided: the result and the tally, counted once.
    public var passed: Bool?
    public var tally: VoteTally?
    /// Once decided, on a question with options: the option the rule chose, if any.
    public var chosen: String?
    public var closedAt: Date?
    public var stages: [StageEntry] = []
    public var tasks: [TaskEntry] = []
    public var publications: [PublicationEntry] = []
    /// The households' ratings, counted once when the office evaluates.
    public var satisfaction: SatisfactionTally?
    /// How many `deliberation.progressed` steps it took: the next one's event id.
    public var steps = 0

    public init(proposal: String, area: Area, building: String?, question: String, proposedBy: String?, openedBy: String, rule: VotingRule?,
                changeable: Bool, openedAt: Date, closesAt: Date?, status: ProposalStatus = .open, passed: Bool? = nil, tally: VoteTally? = nil,
                closedAt: Date? = nil) {
        (self.proposal, self.area, self.building, self.question, self.proposedBy) = (proposal, area, building, question, proposedBy)
        (self.openedBy, self.rule, self.changeable, self.openedAt, self.closesAt) = (openedBy, rule, changeable, openedAt, closesAt)
        (self.status, self.passed, self.tally, self.closedAt) = (status, passed, tally, closedAt)
    }
}

/// A household asked by a proposal, as it was when the vote opened: its area weighs its vote.
public struct Voter: Sendable, Equatable {
    public var household: String
    public var area: Double
    /// The resident who votes for it, when the registry names one.
    public var representative: String?

    public init(household: String, area: Double, representative: String? = nil) {
        (self.household, self.area, self.representative) = (household, area, representative)
    }
}
