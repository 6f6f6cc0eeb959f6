public import CityModel
public import Contracts
public import Envelope
public import Foundation

/// Deliberation's decisions (协商议事): a community office puts a question to its households, households vote
/// one each, and the vote closes once — by the office or at its closing time — counted by the proposal's rule.
public struct DeliberationDesk: Sendable {
    public let city: City

    public init(city: City) { self.city = city }

    /// Opens `command`'s proposal to the households of its community (or of one building) in `registry`: a new one,
    /// or one proposed first (提), once its 四议 are complete if any was recorded.
    public func open(_ command: ProposalCommand, existing: ProposalFile?, registry: [City.Household], now: Date) throws(Refused) -> ProposalDecision {
        if let existing, existing.status != .proposed { throw Refused(.proposalExists, "proposal '\(command.proposal.prefix(64))' exists already") }
        let (area, code, question): (Area, String, String)
        if let existing {
            (area, code, question) = (existing.area, existing.area.community ?? "", existing.question)
        } else {
            (area, code, question) = try subject(command, verb: "opening")
        }
        try authorize(command.staff, for: area)
        if let existing { try Self.fourDeliberationsComplete(existing) }
        if existing?.options != nil, command.options != nil {
            throw Refused(.invalidProposal, "\(command.proposal.prefix(64))'s options were given when it was proposed")
        }
        var options = existing?.options
        if existing?.options == nil { options = try Ballot.options(command.options) }
        guard let rule = command.rule else { throw Refused(.missingDetail, "opening a proposal needs a 'rule': majority, double-majority or double-three-quarters") }
        guard let closesAt = command.closesAt, closesAt > now, closesAt < now.addingTimeInterval(366 * 86_400) else {
            throw Refused(.invalidProposal, "'closesAt' must be after now and within a year")
        }
        let building = existing?.building ?? command.building
        let asked = registry.filter { $0.community == code && (building == nil || $0.building == building) }
        guard !asked.isEmpty else {
            throw Refused(.invalidProposal, "nobody to ask: no household is registered in \(code)\(building.map { " building \($0)" } ?? "")")
        }
        let roll = asked.map { Voter(household: $0.id, area: $0.area, representative: $0.representative) }
        var file = existing ?? ProposalFile(proposal: command.proposal, area: area, building: building, question: question,
                                            proposedBy: command.proposedBy, openedBy: command.staff, rule: rule, changeable: true, openedAt: now,
                                            closesAt: closesAt)
        (file.rule, file.closesAt, file.status, file.changeable, file.options) = (rule, closesAt, .open, command.changeable ?? true, options)
        let tally = VoteCount.count(rule, asked: roll, votes: [:], options: options).tally
        let event = DeliberationOpened(proposal: file.proposal, street: area.street, community: code, building: file.building, question: question,
                                       proposedBy: file.proposedBy, rule: rule, closesAt: closesAt, households: roll.count, area: tally.area,
                                       representatives: Self.representatives(of: roll), options: options)
        return ProposalDecision(file: file, roll: roll, emissions: [Emission(id: "\(file.proposal)-opened", event: event)])
    }

    /// Who votes for the households on `roll`: each representative once, sorted; nil when none has one.
    public static func representatives(of roll: [Voter]) -> [String]? {
        roll.compactMap(\.representative).recipients
    }

    /// A household's vote (`voter`: the household on the proposal's roll, nil when it is not there; `previous`: its
    /// vote so far).
    public static func vote(_ command: VoteCommand, proposal: ProposalFile?, voter: Voter?, previous: Ballot?,
                            now: Date) throws(Refused) -> VoteDecision {
        guard let proposal else { throw Refused(.unknownProposal, "no proposal '\(command.proposal.prefix(64))'") }
        guard proposal.status == .open, let closesAt = proposal.closesAt, now < closesAt else {
            throw Refused(proposal.status == .proposed ? .invalidTransition : .voteClosed,
                          proposal.status == .proposed ? "the vote on \(proposal.proposal) has not opened yet" : "the vote on \(proposal.proposal) has closed")
        }
        guard let voter else {
            throw Refused(.notAHousehold, "household '\(command.household.prefix(64))' is not asked by \(proposal.proposal)")
        }
        if let representative = voter.representative, representative != command.voter {
            throw Refused(.notAHousehold, "'\(command.voter.prefix(64))' does not vote for household \(voter.household)")
        }
        let ballot = try Ballot.cast(command, options: proposal.options)
        if previous != nil, !proposal.changeable {
            throw Refused(.alreadyVoted, "household \(voter.household) voted already and \(proposal.proposal) does not let a vote change")
        }
        return VoteDecision(proposal: proposal.proposal, household: voter.household, voter: command.voter, ballot: ballot, at: now)
    }

    /// An office closes the vote before its time.
    public func close(_ command: ProposalCommand, proposal: ProposalFile?, asked: [Voter], votes: [String: Ballot],
                      now: Date) throws(Refused) -> ProposalDecision {
        guard let proposal else { throw Refused(.unknownProposal, "no proposal '\(command.proposal.prefix(64))'") }
        try authorize(command.staff, for: proposal.area)
        guard proposal.status == .open else {
            throw Refused(.invalidTransition, proposal.status == .proposed ? "the vote on \(proposal.proposal) has not opened yet"
                                                                               : "the vote on \(proposal.proposal) closed already")
        }
        return decide(proposal, asked: asked, votes: votes, now: now)
    }

    /// The vote's closing time came: it closes and is counted. Nil when it closed already or its time has not come.
    public func closingTimePassed(_ proposal: ProposalFile, asked: [Voter], votes: [String: Ballot], now: Date) -> ProposalDecision? {
        guard proposal.status == .open, let closesAt = proposal.closesAt, closesAt <= now else { return nil }
        return decide(proposal, asked: asked, votes: votes, now: now)
    }

    func decide(_ proposal: ProposalFile, asked: [Voter], votes: [String: Ballot], now: Date) -> ProposalDecision {
        let rule = proposal.rule ?? .majority      // an open proposal has its rule
        let (tally, passed, chosen) = VoteCount.count(rule, asked: asked, votes: votes, options: proposal.options)
        var decided = proposal
        (decided.status, decided.passed, decided.tally, decided.closedAt, decided.chosen) = (.decided, passed, tally, now, chosen)
        let event = DeliberationDecided(proposal: proposal.proposal, street: proposal.area.street, community: proposal.area.community ?? "",
                                        building: proposal.building, question: proposal.question, rule: rule, passed: passed,
                                        tally: tally, closedAt: now, chosen: chosen)
        return ProposalDecision(file: decided, roll: [], emissions: [Emission(id: "\(proposal.proposal)-decided", event: event)])
    }

    /// Proposals are a community's business: its office, its street's office or the district's centre.
    func authorize(_ staff: String, for area: Area) throws(Refused) { try city.authorizeOffice(staff, for: area) }
}

extension City {
    /// A community's proposals and households are its office's business, its street's office's or the district's
    /// centre's: anyone else is refused with the reason.
    func authorizeOffice(_ staff: String, for area: Area) throws(Refused) {
        guard let person = self.staff(staff) else { throw Refused(.unknownStaff, "'\(staff.prefix(64))' is not an office of the city") }
        guard person.covers(community: area) else {
            throw Refused(.notYourCase, "community \(area.community ?? "") lies outside \(staff)'s \(person.level.rawValue) \(person.area)")
        }
    }
}

/// What opening or closing a proposal does: the proposal after it, the households asked (on opening), and the
/// events it publishes with their ids.
public struct ProposalDecision: Sendable {
    public var file: ProposalFile
    public var roll: [Voter]
    public var emissions: [Emission]
}

/// A household's vote to record (replacing its earlier one).
public struct VoteDecision: Sendable, Equatable {
    public var proposal, household, voter: String
    public var ballot: Ballot
    public var at: Date
}
