public import Envelope
public import Foundation

/// A community office takes a proposal through 提 → 议 → 定 → 做 → 评 (协商议事) on mediation's command endpoint:
/// `{"command":"p-1","staff":"co-c01","proposal":"c01-lift-3","action":"open","community":"c01",
/// "building":"3","question":"3号楼加装电梯","rule":"double-three-quarters","closesAt":"2026-12-20T17:00:00+08:00"}`.
/// `propose` needs `community` and `question`; `record` a `stage` and a `note` (the minutes); `open` a `rule` and
/// `closesAt` (and `community`, `question` unless proposed first); `carry-out` a `task` (optionally the `case` it was
/// dispatched as); `publish` a `publication`; `close`, `complete` and `evaluate` nothing more. A question with `options`
/// (given when it is proposed or opened: 2 to 9 distinct labels, e.g. three property companies 选聘物业) is answered by
/// choosing one of them, or abstaining, instead of agreeing or disagreeing.
public struct ProposalCommand: CommandContract, Equatable {
    public static let commandName = "proposal-command"
    public static let summary = "A community office takes a proposal through 提议定做评: propose it, record its discussions and 四议 in order, open its vote (question, rule, closing time, optionally one building), close it, record the tasks carrying it out, complete them, close the households' rating, publish the resolution and the result (两公开)."

    public var command, staff, proposal: String
    public var action: ProposalAction
    /// `open` only: the community asked, optionally one building of it, the question, the rule, when the vote
    /// closes, who proposed it (a resident, a household, a grid worker, the Party branch), and whether a household
    /// may change its vote until then (default true).
    public var community, building, question: String?
    public var rule: VotingRule?
    public var closesAt: Date?
    public var proposedBy: String?
    public var changeable: Bool?
    /// `propose` or `open` (a new one): the options the households choose among; absent: agree / disagree / abstain.
    public var options: [String]?
    public var stage: DeliberationStage?
    public var publication: Publication?
    /// The minutes of a discussion, a note on a task or a publication.
    public var note: String?
    /// A task carrying the proposal out, and the case it was dispatched as.
    public var task: String?
    public var caseID: String?

    enum CodingKeys: String, CodingKey {
        case command, staff, proposal, action, community, building, question, rule, closesAt, proposedBy, changeable, options, stage, publication
        case note, task, caseID = "case"
    }

    public init(command: String, staff: String, proposal: String, action: ProposalAction, community: String? = nil,
                building: String? = nil, question: String? = nil, rule: VotingRule? = nil, closesAt: Date? = nil,
                proposedBy: String? = nil, changeable: Bool? = nil, options: [String]? = nil, stage: DeliberationStage? = nil,
                publication: Publication? = nil, note: String? = nil, task: String? = nil, caseID: String? = nil) {
        (self.command, self.staff, self.proposal, self.action) = (command, staff, proposal, action)
        (self.community, self.building, self.question, self.rule) = (community, building, question, rule)
        (self.closesAt, self.proposedBy, self.changeable, self.options) = (closesAt, proposedBy, changeable, options)
        (self.stage, self.publication, self.note, self.task, self.caseID) = (stage, publication, note, task, caseID)
    }
}

/// A household rates the result of a proposal carried out (评), sent by the resident app for its representative:
/// `{"command":"e-1","proposal":"c01-lift-3","household":"c01-3-1-101","voter":"r-001","satisfaction":"satisfied"}`.
/// One rating per household asked by the vote, changeable until the office closes the rating.
public struct ProposalRatingCommand: CommandContract, Equatable {
    public static let commandName = "proposal-rating-command"
    public static let summary = "A household rates the result of a proposal carried out (satisfied, basic, unsatisfied): one per household the vote asked, changeable until the office evaluates."

    public var command, proposal, household, voter: String
    public var satisfaction: Satisfaction
    public var comment: String?

    public init(command: String, proposal: String, household: String, voter: String, satisfaction: Satisfaction, comment: String? = nil) {
        (self.command, self.proposal, self.household, self.voter, self.satisfaction, self.comment) = (command, proposal, household, voter, satisfaction, comment)
    }
}

/// A household's vote on an open proposal, sent by the resident app for the household's representative:
/// `{"command":"v-1","proposal":"c01-lift-3","household":"c01-3-1-101","voter":"r-001","choice":"agree"}`, or on a
/// question with options `{"command":"v-2","proposal":"c01-wy-2027","household":"c01-3-1-101","voter":"r-001","option":"B物业"}`.
/// Exactly one of `choice` and `option`: a yes/no question takes agree, disagree or abstain; a question with options
/// one of its options, or `choice` abstain.
public struct VoteCommand: CommandContract, Equatable {
    public static let commandName = "vote-command"
    public static let summary = "A household votes on an open proposal (agree, disagree, abstain; or one of the question's options); one vote per household, changeable until the close when the proposal allows."

    public var command, proposal, household, voter: String
    public var choice: VoteChoice?
    public var option: String?

    public init(command: String, proposal: String, household: String, voter: String, choice: VoteChoice? = nil, option: String? = nil) {
        (self.command, self.proposal, self.household, self.voter, self.choice, self.option) = (command, proposal, household, voter, choice, option)
    }
}

/// A community office keeps its households (the registry proposals ask), on mediation's command endpoint:
/// `{"command":"h-1","staff":"co-c01","action":"register","household":"c01-3-1-101","community":"c01","building":"3",
/// "unit":"1","door":"101","representative":"r-001","area":89.5}` — `whistle households import <file.csv>` sends one per row.
public struct HouseholdCommand: CommandContract, Equatable {
    public static let commandName = "household-command"
    public static let summary = "A community office registers (adds or changes) or retires a household of its community: building, unit, door, representative, exclusive area."

    public var command, staff, household: String
    public var action: HouseholdAction
    /// `register` only (a retire names the household alone).
    public var community, building, unit, door, representative: String?
    public var area: Double?

    public init(command: String, staff: String, household: String, action: HouseholdAction, community: String? = nil, building: String? = nil,
                unit: String? = nil, door: String? = nil, representative: String? = nil, area: Double? = nil) {
        (self.command, self.staff, self.household, self.action) = (command, staff, household, action)
        (self.community, self.building, self.unit, self.door, self.representative, self.area) = (community, building, unit, door, representative, area)
    }
}
