public import CityModel
public import Contracts
public import Envelope
public import Foundation
import Timekeeping

/// Mediation's decisions: which tier and mediator take a dispute ("small matters stay in the grid, big ones
/// in the community"), and how a tier ends with it — settled, climbed to the next tier ("4321": grid →
/// community 调委会 → street → district 联调), referred outward, or failed at the top.
public struct MediationDesk: Sendable {
    public let city: City

    public init(city: City) { self.city = city }

    /// A dispute becomes a mediation case with the tier of its level, announced to the suite and, on their
    /// own task topic, to the mediator; nil when it is not a dispute.
    public func open(_ report: CaseReported, now: Date) throws(Refused) -> MediationDecision? {
        guard report.dispute else { return nil }
        guard let tier = city.mediationTier(for: report.location, level: report.level) else {
            throw Refused(.noMediator, "no mediator serves grid \(report.grid)")
        }
        let mediator = PersonRef(id: tier.mediator.id, name: tier.mediator.name)
        let file = MediationFile(
            mediation: "m-\(report.caseID)", caseID: report.caseID, category: report.category, level: tier.level,
            location: report.location, mediator: mediator, description: report.description,
            reporter: report.reporter, status: .opened, openedAt: now, trail: [MediationStint(level: tier.level, mediator: mediator, from: now)],
            dueAt: due(report.category, from: now))
        let event = MediationOpened(mediation: file.mediation, caseID: file.caseID, category: file.category, level: file.level,
                                    location: file.location, mediator: file.mediator, reporter: file.reporter,
                                    description: file.description)
        return MediationDecision(file: file, emissions: [Emission(id: "\(file.mediation)-opened", event: event),
                                                         Emission(id: "\(file.mediation)-assigned", event: MediationAssigned(event))])
    }

    /// The mediator who has a case ends their tier with it: agreed (an oral agreement, its content in the
    /// note); failed with a referral, which closes it as referred; failed without one, which climbs to the
    /// next tier with the record so far — or, at the top tier, ends it failed.
    func conclude(_ command: MediatorCommand, file: MediationFile, now: Date) throws(Refused) -> MediationDecision {
        try Self.mustBeOpen(file, to: "concluded again")
        guard let outcome = command.outcome else { throw Refused(.outcomeRequired, "concluding needs an outcome: agreed or failed") }
        if outcome == .failed, command.referral == nil, let next = city.mediationTier(above: file.level, at: file.location) {
            return escalate(file, to: next, because: .failed, note: command.note, now: now)
        }
        return end(file, outcome, referral: outcome == .failed ? command.referral : nil, note: command.note, now: now)
    }

    /// The tier that has a case ran out of time (`file.dueAt` has passed): it climbs to the next tier, or at
    /// the top tier ends failed. Nil when it ended or was given more time meanwhile.
    public func timeLimitPassed(_ file: MediationFile, now: Date) -> MediationDecision? {
        guard file.isOpen, let due = file.dueAt, due <= now else { return nil }
        let note = "the \(file.level.rawValue) tier's time limit passed"
        if let next = city.mediationTier(above: file.level, at: file.location) {
            return escalate(file, to: next, because: .timeLimit, note: note, now: now)
        }
        return end(file, .failed, referral: nil, note: note, now: now)
    }

    /// The case ends at the tier that has it: agreed, referred outward, failed, declined or refused (`cause`).
    /// The first end's event id is `<mediation>-concluded`; an agreement broken and reopened ends again as
    /// `-concluded-<tiers so far>`.
    func end(_ file: MediationFile, _ outcome: MediationOutcome, referral: Referral?, note: String?, cause: MediationCause? = nil,
             now: Date) -> MediationDecision {
        var concluded = file
        let result: StintResult = cause.map { $0 == .declined ? .declined : .refused }
            ?? (outcome == .agreed ? .agreed : referral == nil ? .failed : .referred)
        concluded.status = MediationStatus(rawValue: result.rawValue)!
        (concluded.outcome, concluded.note, concluded.referral, concluded.concludedAt, concluded.dueAt) = (outcome, note, referral, now, nil)
        concluded.cause = cause
        concluded.endStint(result, note: note, at: now)
        let event = MediationConcluded(mediation: file.mediation, caseID: file.caseID, outcome: outcome, location: file.location,
                                       mediator: file.mediator, note: note, referral: referral, cause: cause)
        let reopened = file.trail.dropLast().contains { $0.result == .agreed }
        let id = reopened ? "\(file.mediation)-concluded-\(file.trail.count)" : "\(file.mediation)-concluded"
        return MediationDecision(file: concluded, emissions: [Emission(id: id, event: event)])
    }

    /// The dispute climbs to `next`, with the tier's time anew: its mediator is told on their task topic, the
    /// suite on `mediation.escalated.`.
    func escalate(_ file: MediationFile, to next: MediationTier, because reason: EscalationReason, note: String?, now: Date) -> MediationDecision {
        var climbed = file
        climbed.endStint(.escalated, note: note, at: now)
        let mediator = PersonRef(id: next.mediator.id, name: next.mediator.name)
        (climbed.level, climbed.mediator, climbed.status, climbed.dueAt) = (next.level, mediator, .escalated, due(file.category, from: now))
        climbed.trail.append(MediationStint(level: next.level, mediator: mediator, from: now))
        let escalated = MediationEscalated(mediation: file.mediation, caseID: file.caseID, from: file.level, level: next.level,
                                           location: file.location, mediator: mediator, previous: file.mediator, reason: reason,
                                           dueAt: climbed.dueAt ?? now, note: note)
        let assigned = MediationOpened(mediation: file.mediation, caseID: file.caseID, category: file.category, level: next.level,
                                       location: file.location, mediator: mediator, reporter: file.reporter, description: file.description)
        let tier = next.level.rawValue
        return MediationDecision(file: climbed, emissions: [Emission(id: "\(file.mediation)-escalated-\(tier)", event: escalated),
                                                            Emission(id: "\(file.mediation)-assigned-\(tier)", event: MediationAssigned(assigned))])
    }
}

extension MediationDesk {
    /// When a tier's time with a dispute of `category` that it takes at `start` ends, on the city's calendar.
    func due(_ category: String, from start: Date) -> Date {
        city.calendar.deadline(from: start, adding: city.mediationLimit(for: category))
    }
}

extension MediationFile {
    /// Closes the stint of the tier that has it now.
    mutating func endStint(_ result: StintResult, note: String?, at time: Date) {
        guard let last = trail.indices.last else { return }
        (trail[last].until, trail[last].result, trail[last].note) = (time, result, note)
    }
}

/// What a mediation decision does: the mediation case as it is after it (with its trail of tiers), and the
/// events it publishes with their ids.
public struct MediationDecision: Sendable {
    public var file: MediationFile
    public var emissions: [Emission]
}
