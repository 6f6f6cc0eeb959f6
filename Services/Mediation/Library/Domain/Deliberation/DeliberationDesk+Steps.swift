public import Contracts
import Envelope
public import Foundation
import CityModel

/// 提 → 议 → 定 → 做 → 评, and 四议两公开: the steps of a proposal besides its vote.
extension DeliberationDesk {
    /// 提: the office records a proposal for discussion; its vote opens later (`open`).
    public func propose(_ command: ProposalCommand, existing: ProposalFile?, now: Date) throws(Refused) -> ProposalDecision {
        guard existing == nil else { throw Refused(.proposalExists, "proposal '\(command.proposal.prefix(64))' exists already") }
        let (area, _, question) = try subject(command, verb: "proposing")
        try authorize(command.staff, for: area)
        var file = ProposalFile(proposal: command.proposal, area: area, building: command.building, question: question, proposedBy: command.proposedBy,
                                openedBy: command.staff, rule: nil, changeable: true, openedAt: now, closesAt: nil, status: .proposed)
        file.options = try Ballot.options(command.options)
        return progressed(file, .proposed)
    }

    /// 议: a discussion (any number, before the vote) or the next of 四议 (each once, in order; the message names the one due).
    public func record(_ command: ProposalCommand, proposal: ProposalFile?, now: Date) throws(Refused) -> ProposalDecision {
        let proposal = try known(proposal, command)
        guard proposal.status == .proposed else { throw Refused(.invalidTransition, "\(proposal.proposal) is \(proposal.status.rawValue): it is discussed before its vote opens") }
        guard let stage = command.stage else {
            throw Refused(.missingDetail, "recording needs a 'stage': discussion, branch-proposal, committees, party-members or representatives")
        }
        let minutes = try Self.text(command.note, "note", limit: 4_000)
        if stage != .discussion {
            let due = Self.nextDeliberation(proposal)
            guard stage == due else {
                throw Refused(.invalidTransition, due.map { "四议 come in order: \(stage.rawValue) before \($0.rawValue)" } ?? "四议 are complete for \(proposal.proposal)")
            }
        }
        var recorded = proposal
        recorded.stages.append(StageEntry(stage: stage, note: minutes, at: now, by: command.staff))
        return progressed(recorded, .deliberated, stage: stage, note: minutes)
    }

    /// 做: a task carrying out a passed proposal, and the case it was dispatched as.
    public func carryOut(_ command: ProposalCommand, proposal: ProposalFile?, now: Date) throws(Refused) -> ProposalDecision {
        let proposal = try known(proposal, command)
        guard [.decided, .carryingOut].contains(proposal.status) else {
            throw Refused(.invalidTransition, "\(proposal.proposal) is \(proposal.status.rawValue): a decided proposal is carried out")
        }
        guard proposal.passed == true else { throw Refused(.invalidTransition, "\(proposal.proposal) did not pass: there is nothing to carry out") }
        let task = try Self.text(command.task, "task", limit: 500)
        var carried = proposal
        carried.status = .carryingOut
        carried.tasks.append(TaskEntry(task: task, caseID: command.caseID, at: now, by: command.staff))
        return progressed(carried, .task, note: command.note, task: task, caseID: command.caseID)
    }

    /// 做 done: the households the vote asked may now rate the result (评).
    public func complete(_ command: ProposalCommand, proposal: ProposalFile?, now: Date) throws(Refused) -> ProposalDecision {
        let proposal = try known(proposal, command)
        guard proposal.status == .carryingOut else {
            throw Refused(.invalidTransition, "\(proposal.proposal) is \(proposal.status.rawValue): record the tasks that carry it out first")
        }
        var completed = proposal
        completed.status = .evaluating
        return progressed(completed, .completed, note: command.note)
    }

    /// 评 closed: the ratings (`ratings`: one per household) are counted against the households the vote asked (`asked`), once.
    public func evaluate(_ command: ProposalCommand, proposal: ProposalFile?, asked: Int, ratings: [Satisfaction], now: Date) throws(Refused) -> ProposalDecision {
        let proposal = try known(proposal, command)
        guard proposal.status == .evaluating else {
            throw Refused(.invalidTransition, "\(proposal.proposal) is \(proposal.status.rawValue): the households rate it once it is completed")
        }
        var evaluated = proposal
        evaluated.status = .evaluated
        evaluated.satisfaction = Self.satisfaction(asked: asked, ratings: ratings)
        return progressed(evaluated, .evaluated, note: command.note, satisfaction: evaluated.satisfaction)
    }

    /// 两公开: the resolution once decided, the result once completed; each once.
    public func publish(_ command: ProposalCommand, proposal: ProposalFile?, ratings: [Satisfaction], asked: Int, now: Date) throws(Refused) -> ProposalDecision {
        let proposal = try known(proposal, command)
        guard let publication = command.publication else { throw Refused(.missingDetail, "publishing needs a 'publication': resolution or result") }
        guard !proposal.publications.contains(where: { $0.publication == publication }) else {
            throw Refused(.invalidTransition, "the \(publication.rawValue) of \(proposal.proposal) was published already")
        }
        let ready: [ProposalStatus] = publication == .resolution ? [.decided, .carryingOut, .evaluating, .evaluated] : [.evaluating, .evaluated]
        guard ready.contains(proposal.status) else {
            throw Refused(.invalidTransition, publication == .resolution ? "\(proposal.proposal) is not decided yet" : "\(proposal.proposal) is not carried out yet")
        }
        var published = proposal
        published.publications.append(PublicationEntry(publication: publication, note: command.note, at: now))
        let satisfaction = publication == .result ? proposal.satisfaction ?? Self.satisfaction(asked: asked, ratings: ratings) : nil
        return progressed(published, .published, publication: publication, note: command.note, passed: proposal.passed,
                          tally: publication == .resolution ? proposal.tally : nil, satisfaction: satisfaction)
    }

    /// A household rates the result while the households rate it (`voter`: the household on the vote's roll, nil when not there).
    public static func rate(_ command: ProposalRatingCommand, proposal: ProposalFile?, voter: Voter?, now: Date) throws(Refused) -> RatingDecision {
        guard let proposal else { throw Refused(.unknownProposal, "no proposal '\(command.proposal.prefix(64))'") }
        guard proposal.status == .evaluating else {
            throw Refused(.invalidTransition, proposal.status == .evaluated ? "the rating of \(proposal.proposal) has closed"
                                                                            : "\(proposal.proposal) is rated once it is carried out")
        }
        guard let voter else { throw Refused(.notAHousehold, "household '\(command.household.prefix(64))' was not asked by \(proposal.proposal)") }
        if let representative = voter.representative, representative != command.voter {
            throw Refused(.notAHousehold, "'\(command.voter.prefix(64))' does not speak for household \(voter.household)")
        }
        return RatingDecision(proposal: proposal.proposal, household: voter.household, voter: command.voter, satisfaction: command.satisfaction,
                              comment: command.comment, at: now)
    }
}

extension DeliberationDesk {
    /// The community and question a new proposal names.
    func subject(_ command: ProposalCommand, verb: String) throws(Refused) -> (Area, String, String) {
        guard let code = command.community, let area = city.area(ofCommunity: code) else {
            throw Refused(.invalidProposal, "'community' must be a community of the city (c01 …)")
        }
        guard let question = command.question?.trimmingCharacters(in: .whitespacesAndNewlines), !question.isEmpty, question.count <= 500 else {
            throw Refused(.missingDetail, "\(verb) a proposal needs a 'question' of 1–500 characters")
        }
        return (area, code, question)
    }

    func known(_ proposal: ProposalFile?, _ command: ProposalCommand) throws(Refused) -> ProposalFile {
        guard let proposal else { throw Refused(.unknownProposal, "no proposal '\(command.proposal.prefix(64))'") }
        try authorize(command.staff, for: proposal.area)
        return proposal
    }

    /// The next of 四议 due, nil once all four are recorded.
    static func nextDeliberation(_ proposal: ProposalFile) -> DeliberationStage? {
        let done = proposal.stages.filter { $0.stage != .discussion }.count
        return done < DeliberationStage.fourDeliberations.count ? DeliberationStage.fourDeliberations[done] : nil
    }

    /// A vote opens after 四议 only when all four are recorded — or none was (a plain 协商).
    static func fourDeliberationsComplete(_ proposal: ProposalFile) throws(Refused) {
        guard let due = nextDeliberation(proposal), due != .branchProposal else { return }
        throw Refused(.invalidTransition, "四议 are not complete for \(proposal.proposal): \(due.rawValue) is due before the vote")
    }

    static func text(_ value: String?, _ name: String, limit: Int) throws(Refused) -> String {
        guard let text = value?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty, text.count <= limit else {
            throw Refused(.missingDetail, "this action needs a '\(name)' of 1–\(limit) characters")
        }
        return text
    }

    /// The households' ratings counted against the `asked` households of the vote.
    public static func satisfaction(asked: Int, ratings: [Satisfaction]) -> SatisfactionTally {
        SatisfactionTally(households: asked, rated: ratings.count, satisfied: ratings.count { $0 == .satisfied },
                          basic: ratings.count { $0 == .basic }, unsatisfied: ratings.count { $0 == .unsatisfied })
    }

    /// The proposal after a step, announced on `deliberation.progressed.`; each step's event id is its step count.
    func progressed(_ file: ProposalFile, _ step: DeliberationStep, stage: DeliberationStage? = nil, publication: Publication? = nil,
                    note: String? = nil, task: String? = nil, caseID: String? = nil, passed: Bool? = nil, tally: VoteTally? = nil,
                    satisfaction: SatisfactionTally? = nil) -> ProposalDecision {
        var stepped = file
        stepped.steps += 1
        let event = DeliberationProgressed(proposal: file.proposal, area: file.area, question: file.question, step: step, building: file.building,
                                           proposedBy: file.proposedBy, stage: stage, publication: publication, note: note, task: task,
                                           caseID: caseID, passed: passed, tally: tally, satisfaction: satisfaction)
        return ProposalDecision(file: stepped, roll: [], emissions: [Emission(id: "\(file.proposal)-p\(stepped.steps)", event: event)])
    }
}

/// A household's rating of a proposal's result to record (replacing its earlier one).
public struct RatingDecision: Sendable, Equatable {
    public var proposal, household, voter: String
    public var satisfaction: Satisfaction
    public var comment: String?
    public var at: Date
}
