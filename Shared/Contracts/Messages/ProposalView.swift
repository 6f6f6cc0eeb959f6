public import Envelope
public import Foundation

/// A proposal as it stands — what `GET /proposals/<id>` on mediation's HTTP address and `whistle proposal show`
/// return: the question, its rule and times, and the tally (live while the vote is open; the final count, with
/// `passed`, once decided).
public struct ProposalView: MessageContract, Equatable {
    public static let messageName = "proposal-view"
    public static let summary = "A proposal as it stands: question, rule, voting time, status, the tally by household and by area, and once decided whether it passed."

    public var proposal, street, community, question, openedBy: String
    public var building, proposedBy: String?
    public var rule: VotingRule
    public var changeable: Bool
    public var openedAt, closesAt: Date
    /// `open`, or `decided` (then `passed` and `closedAt`).
    public var status: ProposalStatus
    public var passed: Bool?
    public var closedAt: Date?
    public var tally: VoteTally

    public init(proposal: String, street: String, community: String, building: String?, question: String, proposedBy: String?,
                openedBy: String, rule: VotingRule, changeable: Bool, openedAt: Date, closesAt: Date, status: ProposalStatus, passed: Bool?,
                closedAt: Date?, tally: VoteTally) {
        (self.proposal, self.street, self.community, self.building, self.question) = (proposal, street, community, building, question)
        (self.proposedBy, self.openedBy, self.rule, self.changeable, self.openedAt) = (proposedBy, openedBy, rule, changeable, openedAt)
        (self.closesAt, self.status, self.passed, self.closedAt, self.tally) = (closesAt, status, passed, closedAt, tally)
    }
}
