public import CityModel
public import Contracts
public import Envelope
public import Foundation

/// Mediation's decisions: which mediator takes a dispute ("small matters stay in the grid, big ones in
/// the community"), and how a mediator concludes it.
public struct MediationDesk: Sendable {
    public let city: City

    public init(city: City) { self.city = city }

    /// A dispute becomes a mediation case with the mediator of its level, announced to the suite and, on
    /// their own task topic, to the mediator; nil when it is not a dispute.
    public func open(_ report: CaseReported, now: Date) throws(Refused) -> MediationDecision? {
        guard report.dispute else { return nil }
        guard let mediator = city.mediator(for: report.location, level: report.level) else {
            throw Refused(.noMediator, "no \(report.level.rawValue) mediator serves grid \(report.grid)")
        }
        let file = MediationFile(
            mediation: "m-\(report.caseID)", caseID: report.caseID, category: report.category, level: report.level,
            location: report.location, mediator: PersonRef(id: mediator.id, name: mediator.name), description: report.description,
            reporter: report.reporter, status: .opened, openedAt: now)
        let event = MediationOpened(mediation: file.mediation, caseID: file.caseID, category: file.category, level: file.level,
                                    location: file.location, mediator: file.mediator, reporter: file.reporter,
                                    description: file.description)
        return MediationDecision(file: file, emissions: [Emission(id: "\(file.mediation)-opened", event: event),
                                                         Emission(id: "\(file.mediation)-assigned", event: MediationAssigned(event))])
    }

    /// A mediator concludes their own open case (`file`, nil when there is no such case): agreed, or
    /// failed (optionally saying where the parties may turn).
    public static func conclude(_ command: MediatorCommand, file: MediationFile?, now: Date) throws(Refused) -> MediationDecision {
        guard let file else { throw Refused(.unknownMediation, "no mediation case '\(command.mediation.prefix(80))'") }
        guard file.mediator.id == command.mediator else {
            throw Refused(.notYourMediation, "this mediation case belongs to another mediator")
        }
        guard file.status == .opened else {
            throw Refused(.invalidTransition, "a mediation that is \(file.status.rawValue) cannot be concluded again")
        }
        guard let outcome = command.outcome else { throw Refused(.outcomeRequired, "concluding needs an outcome: agreed or failed") }
        var concluded = file
        (concluded.status, concluded.outcome, concluded.note) = (outcome == .agreed ? .agreed : .failed, outcome, command.note)
        (concluded.referral, concluded.concludedAt) = (outcome == .failed ? command.referral : nil, now)
        let event = MediationConcluded(mediation: file.mediation, caseID: file.caseID, outcome: outcome, location: file.location,
                                       mediator: file.mediator, note: command.note, referral: concluded.referral)
        return MediationDecision(file: concluded, emissions: [Emission(id: "\(file.mediation)-concluded", event: event)])
    }
}

/// What a mediation decision does: the mediation case as it is after it, and the events it publishes with their ids.
public struct MediationDecision: Sendable {
    public var file: MediationFile
    public var emissions: [Emission]
}
