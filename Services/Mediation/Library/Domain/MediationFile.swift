public import Contracts
public import Foundation

/// A dispute as mediation holds it: the mediator of its level, and how it ended.
public struct MediationFile: Sendable, Equatable {
    public var mediation: String
    public var caseID: String
    public var category: String
    public var level: HandlingLevel
    public var location: GridLocation
    public var mediator: PersonRef
    public var description: String
    public var reporter: String?
    public var status: MediationStatus
    public var openedAt: Date
    public var outcome: MediationOutcome?
    public var referral: Referral?
    public var note: String?
    public var concludedAt: Date?

    public init(mediation: String, caseID: String, category: String, level: HandlingLevel, location: GridLocation,
                mediator: PersonRef, description: String, reporter: String?, status: MediationStatus, openedAt: Date,
                outcome: MediationOutcome? = nil, referral: Referral? = nil, note: String? = nil, concludedAt: Date? = nil) {
        (self.mediation, self.caseID, self.category, self.level, self.location) = (mediation, caseID, category, level, location)
        (self.mediator, self.description, self.reporter, self.status) = (mediator, description, reporter, status)
        (self.openedAt, self.outcome, self.referral, self.note, self.concludedAt) = (openedAt, outcome, referral, note, concludedAt)
    }
}

/// Where a mediation case stands.
public enum MediationStatus: String, Codable, Sendable {
    case opened, agreed, failed
}
