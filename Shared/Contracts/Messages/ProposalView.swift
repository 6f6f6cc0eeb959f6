public import Envelope
public import Foundation

/// A proposal as it stands — what `GET /proposals/<id>` on mediation's HTTP address and `whistle proposal show`
/// return: the question, its rule and times (once its vote opened), the tally (live while the vote is open; the
/// final count, with `passed`, once decided), its discussions, tasks, publications and the households' ratings.
public struct ProposalView: MessageContract, Equatable {
    public static let messageName = "proposal-view"
    public static let summary = "A proposal as it stands: question, rule, voting time, status, the tally by household and by area, once decided whether it passed; its discussions and 四议, tasks, publications and the households' ratings."

    public var proposal, street, community, question, openedBy: String
    public var building, proposedBy: String?
    /// The vote's rule and closing time, once it opened.
    public var rule: VotingRule?
    /// The options the households choose among; absent: agree / disagree / abstain.
    public var options: [String]?
    public var changeable: Bool
    public var openedAt: Date
    public var closesAt: Date?
    /// `proposed`, `open`, `decided` (then `passed` and `closedAt`), `carrying-out`, `evaluating`, `evaluated`.
    public var status: ProposalStatus
    public var passed: Bool?
    /// Once decided, on a question with options: the option chosen (absent when none met the rule).
    public var chosen: String?
    public var closedAt: Date?
    /// Once its vote opened.
    public var tally: VoteTally?
    public var stages: [StageEntry]
    public var tasks: [TaskEntry]
    public var publications: [PublicationEntry]
    /// The households' ratings: live while they rate, final once evaluated.
    public var satisfaction: SatisfactionTally?

    public init(proposal: String, street: String, community: String, building: String?, question: String, proposedBy: String?,
                openedBy: String, rule: VotingRule?, changeable: Bool, openedAt: Date, closesAt: Date?, status: ProposalStatus, passed: Bool?,
                closedAt: Date?, tally: VoteTally?, stages: [StageEntry] = [], tasks: [TaskEntry] = [], publications: [PublicationEntry] = [],
                satisfaction: SatisfactionTally? = nil, options: [String]? = nil, chosen: String? = nil) {
        (self.proposal, self.street, self.community, self.building, self.question) = (proposal, street, community, building, question)
        (self.proposedBy, self.openedBy, self.rule, self.changeable, self.openedAt) = (proposedBy, openedBy, rule, changeable, openedAt)
        (self.closesAt, self.status, self.passed, self.closedAt, self.tally) = (closesAt, status, passed, closedAt, tally)
        (self.stages, self.tasks, self.publications, self.satisfaction) = (stages, tasks, publications, satisfaction)
        (self.options, self.chosen) = (options, chosen)
    }
}

/// A discussion or one of 四议 as recorded: which, its minutes, when, by whom.
public struct StageEntry: Codable, Sendable, Equatable {
    public var stage: DeliberationStage
    public var note: String
    public var at: Date
    public var by: String

    public init(stage: DeliberationStage, note: String, at: Date, by: String) { (self.stage, self.note, self.at, self.by) = (stage, note, at, by) }
}

/// A task carrying a proposal out (做), and the case it was dispatched as.
public struct TaskEntry: Codable, Sendable, Equatable {
    public var task: String
    public var caseID: String?
    public var at: Date
    public var by: String

    enum CodingKeys: String, CodingKey { case task, caseID = "case", at, by }

    public init(task: String, caseID: String?, at: Date, by: String) { (self.task, self.caseID, self.at, self.by) = (task, caseID, at, by) }
}

/// A publication (两公开): what, when, with what note.
public struct PublicationEntry: Codable, Sendable, Equatable {
    public var publication: Publication
    public var note: String?
    public var at: Date

    public init(publication: Publication, note: String?, at: Date) { (self.publication, self.note, self.at) = (publication, note, at) }
}
