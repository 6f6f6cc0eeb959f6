public import Envelope
public import Foundation

/// A community office puts a question to its households (协商议事) or closes the vote, on mediation's command
/// endpoint: `{"command":"p-1","staff":"co-c01","proposal":"c01-lift-3","action":"open","community":"c01",
/// "building":"3","question":"3号楼加装电梯","rule":"double-three-quarters","closesAt":"2026-12-20T17:00:00+08:00"}`.
public struct ProposalCommand: CommandContract, Equatable {
    public static let commandName = "proposal-command"
    public static let summary = "A community office opens a proposal to its households (question, rule, closing time, optionally one building) or closes its vote."

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

    public init(command: String, staff: String, proposal: String, action: ProposalAction, community: String? = nil,
                building: String? = nil, question: String? = nil, rule: VotingRule? = nil, closesAt: Date? = nil,
                proposedBy: String? = nil, changeable: Bool? = nil) {
        (self.command, self.staff, self.proposal, self.action) = (command, staff, proposal, action)
        (self.community, self.building, self.question, self.rule) = (community, building, question, rule)
        (self.closesAt, self.proposedBy, self.changeable) = (closesAt, proposedBy, changeable)
    }
}

/// A household's vote on an open proposal, sent by the resident app for the household's representative:
/// `{"command":"v-1","proposal":"c01-lift-3","household":"c01-3-1-101","voter":"r-001","choice":"agree"}`.
public struct VoteCommand: CommandContract, Equatable {
    public static let commandName = "vote-command"
    public static let summary = "A household votes on an open proposal (agree, disagree, abstain); one vote per household, changeable until the close when the proposal allows."

    public var command, proposal, household, voter: String
    public var choice: VoteChoice

    public init(command: String, proposal: String, household: String, voter: String, choice: VoteChoice) {
        (self.command, self.proposal, self.household, self.voter, self.choice) = (command, proposal, household, voter, choice)
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
