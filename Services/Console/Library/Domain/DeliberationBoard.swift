public import Contracts
public import Foundation

/// A proposal on the deliberation board (民主协商): its question, where it is asked, the step it reached, and once
/// its vote closed whether it passed and the tally by household and by area — from mediation's `deliberation.*`
/// events. The tally while the vote is open is mediation's to tell (`GET /proposals/<id>`), not an event's.
public struct BoardProposal: Sendable, Equatable {
    /// Where a proposal stands, in the order the board lists them.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case voting, proposed, decided, carryingOut = "carrying-out", evaluated
    }

    public var proposal, street, community, question: String
    public var building: String?
    public var status: Status
    /// The last step's name: `proposed`, `deliberated`, `opened`, `decided`, `task`, `completed`, `evaluated`, `published`.
    public var lastStep: String
    public var rule: VotingRule?
    public var closesAt: Date?
    /// Households asked and their exclusive area (m²), once the vote opened.
    public var households: Int?
    public var area: Double?
    public var passed: Bool?
    public var chosen: String?
    public var tally: VoteTally?
    public var updatedAt: Date

    public init(proposal: String, street: String, community: String, question: String, building: String?, status: Status, lastStep: String,
                rule: VotingRule?, closesAt: Date?, households: Int?, area: Double?, passed: Bool?, chosen: String?, tally: VoteTally?, updatedAt: Date) {
        (self.proposal, self.street, self.community, self.question, self.building) = (proposal, street, community, question, building)
        (self.status, self.lastStep, self.rule, self.closesAt, self.households, self.area) = (status, lastStep, rule, closesAt, households, area)
        (self.passed, self.chosen, self.tally, self.updatedAt) = (passed, chosen, tally, updatedAt)
    }
}

/// How each of mediation's deliberation events moves a proposal's row.
public enum DeliberationBoard {
    public static func opened(_ event: DeliberationOpened, onto row: BoardProposal?, at time: Date) -> BoardProposal {
        var next = row ?? start(event.proposal, event.street, event.community, event.question, event.building, at: time)
        (next.status, next.lastStep, next.rule, next.closesAt) = (.voting, "opened", event.rule, event.closesAt)
        (next.households, next.area, next.updatedAt) = (event.households, event.area, time)
        return next
    }

    public static func decided(_ event: DeliberationDecided, onto row: BoardProposal?, at time: Date) -> BoardProposal {
        var next = row ?? start(event.proposal, event.street, event.community, event.question, event.building, at: time)
        (next.status, next.lastStep, next.rule, next.passed, next.chosen) = (.decided, "decided", event.rule, event.passed, event.chosen)
        (next.tally, next.households, next.area, next.updatedAt) = (event.tally, event.tally.households, event.tally.area, time)
        return next
    }

    public static func progressed(_ event: DeliberationProgressed, onto row: BoardProposal?, at time: Date) -> BoardProposal {
        var next = row ?? start(event.proposal, event.street, event.community, event.question, event.building, at: time)
        (next.lastStep, next.updatedAt) = (event.step.rawValue, time)
        switch event.step {
        case .proposed, .deliberated, .published: break
        case .task, .completed: next.status = .carryingOut
        case .evaluated: next.status = .evaluated
        }
        return next
    }

    static func start(_ proposal: String, _ street: String, _ community: String, _ question: String, _ building: String?, at time: Date) -> BoardProposal {
        BoardProposal(proposal: proposal, street: street, community: community, question: question, building: building, status: .proposed,
                      lastStep: "proposed", rule: nil, closesAt: nil, households: nil, area: nil, passed: nil, chosen: nil, tally: nil, updatedAt: time)
    }
}
