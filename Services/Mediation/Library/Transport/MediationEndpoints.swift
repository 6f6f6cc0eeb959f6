import CityModel
import Contracts
import Envelope
import Foundation
import Credentials
import GRDB
import Messaging
import ServiceKit
import Timekeeping

/// Mediation's endpoints: a reported dispute opens a mediation case (in the consumer's transaction);
/// mediators conclude their cases, offices open and close proposals and households vote, by command; due
/// time limits and closing times act through the timer service.
struct MediationEndpoints: Sendable {
    let store: MediationStore
    let desk: MediationDesk
    let clock: any WallClock

    var deliberation: DeliberationDesk { DeliberationDesk(city: desk.city) }

    /// Every command mediation answers, on one endpoint: mediators', offices' proposals and household registry, households' votes.
    var commands: CommandEndpoint<MediationCommand> {
        CommandEndpoint(issuer: \.issuer, authorize: MediationCommand.authorize) { [store, desk, deliberation] db, command, _, now in
            switch command {
            case .mediator(let command):
                let decision = try desk.act(command, file: try store.file(db, mediation: command.mediation), now: now)
                try store.record(db, decision, at: now)
                return .ok(command.command, caseID: decision.file.caseID, mediation: decision.file.mediation,
                           state: decision.file.status.rawValue)
            case .proposal(let command):
                let decision = try decideProposal(db, command, now: now)
                try store.record(db, decision, at: now)
                return .ok(command.command, caseID: nil, proposal: command.proposal,
                           state: decision.file.status == .decided ? (decision.file.passed == true ? "passed" : "rejected") : decision.file.status.rawValue)
            case .rating(let command):
                let (voter, _) = try store.voter(db, proposal: command.proposal, household: command.household)
                let rating = try DeliberationDesk.rate(command, proposal: try store.proposal(db, command.proposal), voter: voter, now: now)
                try store.record(db, rating)
                return .ok(command.command, caseID: nil, proposal: command.proposal, state: rating.satisfaction.rawValue)
            case .vote(let command):
                let (voter, previous) = try store.voter(db, proposal: command.proposal, household: command.household)
                let vote = try DeliberationDesk.vote(command, proposal: try store.proposal(db, command.proposal), voter: voter, previous: previous,
                                                     now: now)
                try store.record(db, vote)
                return .ok(command.command, caseID: nil, proposal: command.proposal, state: vote.ballot.state)
            case .household(let command):
                let decision = try HouseholdDesk(city: desk.city).decide(command, existing: try store.household(db, command.household))
                try store.record(db, decision)
                return .ok(command.command, caseID: nil, household: command.household, state: command.action == .register ? "registered" : "retired")
            }
        }
    }

    /// What an office's proposal command decides, with what the store holds for it.
    func decideProposal(_ db: Database, _ command: ProposalCommand, now: Date) throws -> ProposalDecision {
        let existing = try store.proposal(db, command.proposal)
        switch command.action {
        case .propose: return try deliberation.propose(command, existing: existing, now: now)
        case .record: return try deliberation.record(command, proposal: existing, now: now)
        case .open:
            let community = existing?.area.community ?? command.community
            let registry = try community.map { try store.households(db, community: $0) } ?? []
            return try deliberation.open(command, existing: existing, registry: registry, now: now)
        case .close:
            let (asked, votes) = try store.ballot(db, proposal: command.proposal)
            return try deliberation.close(command, proposal: existing, asked: asked, votes: votes, now: now)
        case .carryOut: return try deliberation.carryOut(command, proposal: existing, now: now)
        case .complete: return try deliberation.complete(command, proposal: existing, now: now)
        case .evaluate:
            return try deliberation.evaluate(command, proposal: existing, asked: try store.asked(db, proposal: command.proposal),
                                             ratings: try store.ratings(db, proposal: command.proposal), now: now)
        case .publish:
            return try deliberation.publish(command, proposal: existing, ratings: try store.ratings(db, proposal: command.proposal),
                                            asked: try store.asked(db, proposal: command.proposal), now: now)
        }
    }

    /// Acts on up to `limit` timers that fell due by `now`, in one transaction: mediation cases' (a tier's time
    /// limit — it climbs, or at the top ends failed — and the reminders), then proposals' closing times (each
    /// counted once). Returns how many were due.
    @Sendable func fireTimers(_ now: Date, _ limit: Int) throws -> Int {
        try store.database.write { db in
            let cases = try store.timersDue(db, at: now, limit: limit)
            for file in cases {
                guard let decision = desk.timersDue(file, now: now) else { continue }
                try store.record(db, decision, at: now)
            }
            let proposals = try store.closing(db, at: now, limit: limit - cases.count)
            for proposal in proposals {
                let (asked, votes) = try store.ballot(db, proposal: proposal.proposal)
                guard let decision = deliberation.closingTimePassed(proposal, asked: asked, votes: votes, now: now) else { continue }
                try store.record(db, decision, at: now)
            }
            return cases.count + proposals.count
        }
    }

    /// `GET /proposals/<id>`: the `proposal-view` JSON, or nil. Any key may read a proposal (it is published to
    /// the community): operators, services, staff, integrators (the resident app shows it to the households).
    @Sendable func proposalView(_ id: String, caller: Certificate?) throws -> Data? {
        if let caller, caller.role == .department { throw OperationsServer.Forbidden("a department's key does not read proposals") }
        guard let (file, tally, asked, ratings) = try store.proposalView(id) else { return nil }
        let satisfaction = file.satisfaction ?? (file.status == .evaluating ? DeliberationDesk.satisfaction(asked: asked, ratings: ratings) : nil)
        let view = ProposalView(proposal: file.proposal, street: file.area.street, community: file.area.community ?? "", building: file.building,
                                question: file.question, proposedBy: file.proposedBy, openedBy: file.openedBy, rule: file.rule,
                                changeable: file.changeable, openedAt: file.openedAt, closesAt: file.closesAt, status: file.status,
                                passed: file.passed, closedAt: file.closedAt, tally: tally, stages: file.stages, tasks: file.tasks,
                                publications: file.publications, satisfaction: satisfaction, options: file.options, chosen: file.chosen)
        return try JSONValueEncoder().encode(view).jsonData()
    }

    /// `GET /agreements/<mediation>`: the case's written agreement as a printable HTML document, or nil when it
    /// has none; read by those who may count the dispute (`MediationReadAccess`).
    @Sendable func agreementDocument(_ id: String, caller: Certificate?) throws -> Data? {
        let counts = try MediationReadAccess(city: desk.city).scope(caller, reading: "agreements")
        guard let file = try store.database.read({ db in try store.file(db, mediation: id) }) else { return nil }
        guard counts(file) else { throw OperationsServer.Forbidden("this dispute is not in your area and you did not mediate it") }
        guard let agreement = file.agreement else { return nil }
        return Data(AgreementDocument(file: file, agreement: agreement, city: desk.city).render().utf8)
    }

    /// The `mediation-stats` JSON for the disputes opened from `from` to `to` (local dates such as
    /// 2026-11-01, or RFC 3339 times; by default the 30 days until now) that `caller` may count.
    @Sendable func stats(_ parameters: [String: String], caller: Certificate?) throws -> Data {
        try ReportPeriod.check(parameters, known: ["from", "to"])
        let period = try ReportPeriod(parameters, now: clock.now(), calendar: desk.city.calendar)
        let counts = try MediationReadAccess(city: desk.city).scope(caller)
        let files = try store.files(openedFrom: period.from, to: period.to).filter(counts)
        return try JSONValueEncoder().encode(MediationStatistics.report(files, from: period.from, to: period.to)).jsonData()
    }

    /// A reported dispute opens a mediation case with its mediator, in the consumer's transaction.
    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(CaseReported.self) { db, received in
            let now = clock.now()
            guard try !store.hasCase(db, caseID: received.event.caseID), let opened = try desk.open(received.event, now: now) else { return }
            try store.record(db, opened, at: now)
        }
        return handlers
    }
}
