public import Envelope
public import Foundation

/// A dispute opened as a mediation case with the mediator of its level: the grid's for small matters,
/// the community's for bigger ones. Published by mediation on `mediation.opened.<street>.<community>.<grid>`.
public struct MediationOpened: EventContract, Equatable {
    public static let eventTypes = ["whistle.mediation.opened"]
    public static let summary = "A dispute opened as a mediation case with the mediator of its level (grid or community)."

    public var mediation, caseID, category: String
    public var level: HandlingLevel
    public var street, community, grid: String
    public var mediator: PersonRef
    public var reporter, description: String?

    enum CodingKeys: String, CodingKey {
        case mediation, caseID = "case", category, level, street, community, grid, mediator, reporter, description
    }

    public init(mediation: String, caseID: String, category: String, level: HandlingLevel, location: GridLocation,
                mediator: PersonRef, reporter: String?, description: String?) {
        (self.mediation, self.caseID, self.category, self.level, self.mediator) = (mediation, caseID, category, level, mediator)
        (self.street, self.community, self.grid) = (location.street, location.community, location.grid)
        (self.reporter, self.description) = (reporter, description)
    }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
    public var topic: Topic { Topics.topic(Topics.mediationOpened, location.area) }
    public var subject: String? { caseID }
}

/// A mediator concluded a mediation case: agreed (an agreement 调解协议 was reached) or failed (with
/// where the parties may turn). Published on `mediation.concluded.<street>.<community>.<grid>`.
public struct MediationConcluded: EventContract, Equatable {
    public static let eventTypes = ["whistle.mediation.concluded"]
    public static let summary = "A mediation case ended: agreed (an agreement sealed, or an oral one), failed (at the top tier, with a referral, or declined or refused: `cause`)."

    public var mediation, caseID: String
    public var outcome: MediationOutcome
    public var street, community, grid: String
    public var mediator: PersonRef
    public var note: String?
    public var referral: Referral?
    /// A failure that was no mediation at all: the committee declined the dispute, or a party refused mediation.
    public var cause: MediationCause?

    enum CodingKeys: String, CodingKey { case mediation, caseID = "case", outcome, street, community, grid, mediator, note, referral, cause }

    public init(mediation: String, caseID: String, outcome: MediationOutcome, location: GridLocation, mediator: PersonRef,
                note: String?, referral: Referral?, cause: MediationCause? = nil) {
        (self.mediation, self.caseID, self.outcome, self.mediator) = (mediation, caseID, outcome, mediator)
        (self.street, self.community, self.grid) = (location.street, location.community, location.grid)
        (self.note, self.referral, self.cause) = (note, referral, cause)
    }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
    public var topic: Topic { Topics.topic(Topics.mediationConcluded, location.area) }
    public var subject: String? { caseID }
}

/// The mediator's own copy of a mediation they were given, on their task topic
/// `task.<mediator>.<street>.<community>.<grid>` (`task.med-g03.…`): what `whistle.mediation.opened` says.
@dynamicMemberLookup
public struct MediationAssigned: EventContract, Equatable {
    public static let eventTypes = ["whistle.mediation.assigned"]
    public static let summary = "A mediator was given a mediation case: on their own task topic, the dispute as opened."

    public var opened: MediationOpened

    public init(_ opened: MediationOpened) { self.opened = opened }
    public init(from decoder: any Decoder) throws { opened = try MediationOpened(from: decoder) }
    public func encode(to encoder: any Encoder) throws { try opened.encode(to: encoder) }

    public subscript<Value>(dynamicMember path: KeyPath<MediationOpened, Value>) -> Value { opened[keyPath: path] }

    public var topic: Topic { Topics.task(of: opened.mediator.id, at: opened.location) }
    public var subject: String? { opened.mediation }
}

/// A tier could not settle a dispute and it climbed to the next ("4321": grid → community 调委会 → street →
/// district 联调), with the record so far. Published by mediation on `mediation.escalated.<street>.<community>.<grid>`;
/// the new mediator also gets `whistle.mediation.assigned` on their task topic.
public struct MediationEscalated: EventContract, Equatable {
    public static let eventTypes = ["whistle.mediation.escalated"]
    public static let summary = "A mediation tier could not settle a dispute: it climbed to the next tier's mediator, its record carried up."

    public var mediation, caseID: String
    /// The tier that could not settle it, and the tier that has it now.
    public var from, level: HandlingLevel
    public var street, community, grid: String
    /// The mediator who has it now, and the one who had it.
    public var mediator, previous: PersonRef
    /// Why it climbed: the tier's mediator concluded it failed, or the tier's time limit passed.
    public var reason: EscalationReason
    /// When the new tier's time with it ends (RFC 3339).
    public var dueAt: Date
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case mediation, caseID = "case", from, level, street, community, grid, mediator, previous, reason, dueAt, note
    }

    public init(mediation: String, caseID: String, from: HandlingLevel, level: HandlingLevel, location: GridLocation,
                mediator: PersonRef, previous: PersonRef, reason: EscalationReason, dueAt: Date, note: String?) {
        (self.mediation, self.caseID, self.from, self.level) = (mediation, caseID, from, level)
        (self.street, self.community, self.grid) = (location.street, location.community, location.grid)
        (self.mediator, self.previous, self.reason, self.dueAt, self.note) = (mediator, previous, reason, dueAt, note)
    }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
    public var topic: Topic { Topics.topic(Topics.mediationEscalated, location.area) }
    public var subject: String? { caseID }
}
