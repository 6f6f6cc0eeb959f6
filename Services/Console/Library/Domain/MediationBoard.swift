public import CityModel
public import Contracts
public import Foundation
import Timekeeping

/// A dispute on the mediation board: the tier that has it, its mediator, the last step, and the tier's time limit —
/// from mediation's own events (`mediation.*`), which say when a tier's time was set anew (`escalated`, `extended`,
/// `reopened`); at opening the limit is the category's, counted on the city's calendar as mediation counts it.
public struct BoardMediation: Sendable, Equatable {
    public var mediation, caseID: String
    public var location: GridLocation
    public var level: HandlingLevel
    public var mediatorID, mediatorName: String
    /// `opened`, `escalated`, a mediation step (`accepted`, `scheduled` …), or the outcome (`agreed`, `failed`).
    public var lastStep: String
    public var outcome: MediationOutcome?
    /// When the tier's time began and when it ends.
    public var tierStartedAt, dueAt: Date
    public var updatedAt: Date

    public init(mediation: String, caseID: String, location: GridLocation, level: HandlingLevel, mediatorID: String, mediatorName: String,
                lastStep: String, outcome: MediationOutcome?, tierStartedAt: Date, dueAt: Date, updatedAt: Date) {
        (self.mediation, self.caseID, self.location, self.level) = (mediation, caseID, location, level)
        (self.mediatorID, self.mediatorName, self.lastStep, self.outcome) = (mediatorID, mediatorName, lastStep, outcome)
        (self.tierStartedAt, self.dueAt, self.updatedAt) = (tierStartedAt, dueAt, updatedAt)
    }

    public var isOpen: Bool { outcome == nil }
    public var grid: String { location.grid }
    public var community: String { location.community }
    public var street: String { location.street }

    /// Green, yellow once four fifths of the tier's time are gone, red when it ran out; a closed one stays green.
    public func light(at now: Date) -> Light {
        guard isOpen else { return .green }
        if now >= dueAt { return .red }
        let whole = dueAt.timeIntervalSince(tierStartedAt)
        return whole > 0 && now.timeIntervalSince(tierStartedAt) >= 0.8 * whole ? .yellow : .green
    }
}

/// How each of mediation's events moves a dispute's row. A row that is missing (a board rebuilt after the producer
/// dropped the opening) is started from whichever event comes, each carrying the dispute's place and mediator.
public enum MediationBoard {
    public static func opened(_ event: MediationOpened, city: City, at time: Date) -> BoardMediation {
        BoardMediation(mediation: event.mediation, caseID: event.caseID, location: event.location, level: event.level, mediatorID: event.mediator.id,
                       mediatorName: event.mediator.name, lastStep: "opened", outcome: nil, tierStartedAt: time,
                       dueAt: city.calendar.deadline(from: time, adding: city.mediationLimit(for: event.category)), updatedAt: time)
    }

    public static func escalated(_ event: MediationEscalated, onto row: BoardMediation?, at time: Date) -> BoardMediation {
        var next = row ?? start(event.mediation, event.caseID, event.location, event.level, event.mediator, at: time)
        (next.level, next.mediatorID, next.mediatorName, next.lastStep) = (event.level, event.mediator.id, event.mediator.name, "escalated")
        (next.tierStartedAt, next.dueAt, next.updatedAt) = (time, event.dueAt, time)
        return next
    }

    public static func progressed(_ event: MediationProgressed, onto row: BoardMediation?, at time: Date) -> BoardMediation {
        var next = row ?? start(event.mediation, event.caseID, event.location, event.level, event.mediator, at: time)
        (next.level, next.mediatorID, next.mediatorName, next.lastStep, next.updatedAt) = (event.level, event.mediator.id, event.mediator.name,
                                                                                          event.step.rawValue, time)
        switch event.step {
        case .extended:
            if let due = event.dueAt { next.dueAt = due }
        case .reopened:                          // a broken agreement: mediated again, with a new time limit
            next.outcome = nil
            if let due = event.dueAt { (next.tierStartedAt, next.dueAt) = (time, due) }
        default:
            break
        }
        return next
    }

    public static func concluded(_ event: MediationConcluded, onto row: BoardMediation?, at time: Date) -> BoardMediation {
        var next = row ?? start(event.mediation, event.caseID, event.location, .grid, event.mediator, at: time)
        (next.outcome, next.lastStep, next.updatedAt) = (event.outcome, event.outcome.rawValue, time)
        return next
    }

    static func start(_ mediation: String, _ caseID: String, _ location: GridLocation, _ level: HandlingLevel, _ mediator: PersonRef,
                      at time: Date) -> BoardMediation {
        BoardMediation(mediation: mediation, caseID: caseID, location: location, level: level, mediatorID: mediator.id, mediatorName: mediator.name,
                       lastStep: "opened", outcome: nil, tierStartedAt: time, dueAt: time, updatedAt: time)
    }
}
