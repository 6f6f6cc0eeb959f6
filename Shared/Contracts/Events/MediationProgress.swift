public import Envelope
public import Foundation

/// A step of a mediation case between its opening and its end, or after an agreement: accepted (the parties
/// told their rights), another mediator after a party's objection (recused), a session scheduled or minuted,
/// extended with every party's consent, the agreement drafted, signed by a party, sealed
/// (it takes effect; `whistle.mediation.concluded` follows), judicial confirmation applied for and decided, a
/// follow-up visit's finding, and a broken agreement reopened. Parties appear by id, side and masked name
/// only. Published by mediation on `mediation.progressed.<street>.<community>.<grid>`.
public struct MediationProgressed: EventContract, Equatable {
    public static let eventTypes = ["whistle.mediation.progressed"]
    public static let summary = "A mediation case took a step: accepted, recused (another mediator), a session scheduled or minuted, extended, agreement drafted, signed or sealed, judicial confirmation applied for, confirmed or rejected, followed up, reopened."

    public var mediation, caseID: String
    public var step: MediationStep
    public var level: HandlingLevel
    public var street, community, grid: String
    public var mediator: PersonRef
    /// The parties (on `accepted`), or the one who acted (`signed`).
    public var parties: [PartyRef]?
    /// The new time limit (`extended`, `reopened`), the end of the judicial-confirmation window (`sealed`),
    /// or the next follow-up (`sealed`, a `partly` performed `followed-up`).
    public var dueAt: Date?
    public var performance: Performance?
    public var court, note: String?
    /// The session scheduled (`scheduled`), minuted (`minuted`) or whose minutes a party signed (`signed`): its id,
    /// time, place and whether it is public.
    public var session: SessionRef?
    /// The mediator a party objected to (`recused`); `mediator` is who has it now.
    public var previous: PersonRef?
    /// The resident-app ids of the parties who gave one and have not refused mediation, sorted: notification tells them
    /// the steps that concern them. Absent when none did.
    public var residents: [String]?

    enum CodingKeys: String, CodingKey {
        case mediation, caseID = "case", step, level, street, community, grid, mediator, parties, dueAt, performance, court, note, session, previous
        case residents
    }

    public init(mediation: String, caseID: String, step: MediationStep, level: HandlingLevel, location: GridLocation, mediator: PersonRef,
                parties: [PartyRef]? = nil, dueAt: Date? = nil, performance: Performance? = nil, court: String? = nil, note: String? = nil,
                session: SessionRef? = nil, previous: PersonRef? = nil, residents: [String]? = nil) {
        (self.mediation, self.caseID, self.step, self.level, self.mediator) = (mediation, caseID, step, level, mediator)
        (self.street, self.community, self.grid) = (location.street, location.community, location.grid)
        (self.parties, self.dueAt, self.performance, self.court, self.note) = (parties, dueAt, performance, court, note)
        (self.session, self.previous, self.residents) = (session, previous, residents)
    }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
    public var topic: Topic { Topics.topic(Topics.mediationProgressed, location.area) }
    public var subject: String? { caseID }
}

/// A reminder to the mediator who holds an agreement, on their task topic `task.<mediator>.<street>.<community>.<grid>`:
/// the judicial-confirmation window closes at `dueAt` (tell the parties), or a follow-up visit (回访) is due.
public struct MediationReminder: EventContract, Equatable {
    public static let eventTypes = ["whistle.mediation.reminder"]
    public static let summary = "A mediator is reminded, on their task topic: an agreement's judicial-confirmation window closes soon, or a follow-up visit is due."

    public var mediation, caseID: String
    public var kind: ReminderKind
    public var street, community, grid: String
    public var mediator: PersonRef
    /// When the window closes, or when the visit fell due.
    public var dueAt: Date
    public var parties: [PartyRef]

    enum CodingKeys: String, CodingKey { case mediation, caseID = "case", kind, street, community, grid, mediator, dueAt, parties }

    public init(mediation: String, caseID: String, kind: ReminderKind, location: GridLocation, mediator: PersonRef, dueAt: Date,
                parties: [PartyRef]) {
        (self.mediation, self.caseID, self.kind, self.mediator, self.dueAt, self.parties) = (mediation, caseID, kind, mediator, dueAt, parties)
        (self.street, self.community, self.grid) = (location.street, location.community, location.grid)
    }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
    public var topic: Topic { Topics.task(of: mediator.id, at: location) }
    public var subject: String? { mediation }
}

/// A session as events name it: its id in the case (`s1`), time, place, and whether it is public.
public struct SessionRef: Codable, Sendable, Equatable {
    public var id: String
    public var at: Date
    public var place: String
    public var `public`: Bool

    public init(id: String, at: Date, place: String, public: Bool) { (self.id, self.at, self.place, self.public) = (id, at, place, `public`) }
}

/// A party as events name them: their id in the case (`p1`), side, and masked name (`张*`); never a contact.
public struct PartyRef: Codable, Sendable, Hashable {
    public var id: String
    public var side: PartySide
    public var name: String

    public init(id: String, side: PartySide, name: String) { (self.id, self.side, self.name) = (id, side, name) }
}
