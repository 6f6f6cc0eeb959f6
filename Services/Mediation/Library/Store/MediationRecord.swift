import Contracts
import Foundation
import GRDB
import StoreKit

/// A mediation case (table `mediation_case`).
struct MediationRecord: StoredRecord {
    static let databaseTableName = "mediation_case"
    var mediationID, caseID, category, street, community, grid, mediatorID, mediatorName, description: String
    var level: HandlingLevel
    var reporter, note: String?
    var status: MediationStatus
    var openedAt: Date
    var concludedAt: Date?
    var dueAt: Date?
    var outcome: MediationOutcome?
    var referral: Referral?
    var cause: MediationCause?
    var acceptedAt, confirmationReminderAt, followUpAt: Date?
    /// The earliest of its timers (time limit, reminders): what the timer service looks for.
    var timerAt: Date?
    var steps: Int
    /// Stored as JSON: the parties with their contacts, the agreement, the follow-up visits.
    var parties: [MediationParty]
    var agreement: MediationAgreement?
    var followUps: [FollowUpVisit]
    var recused: [String]
    var sessions: [MediationSession]

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case mediationID = "mediation_id", caseID = "case_id", category, level, street, community, grid
        case mediatorID = "mediator_id", mediatorName = "mediator_name", description, reporter, status, openedAt = "opened_at"
        case outcome, referral, note, concludedAt = "concluded_at", dueAt = "due_at"
        case cause, acceptedAt = "accepted_at", confirmationReminderAt = "confirmation_reminder_at", followUpAt = "follow_up_at"
        case timerAt = "timer_at", steps, parties, agreement, followUps = "follow_ups", recused, sessions
    }
    typealias Columns = CodingKeys

    init(_ file: MediationFile) {
        (mediationID, caseID, category, level, description) = (file.mediation, file.caseID, file.category, file.level, file.description)
        (street, community, grid) = (file.location.street, file.location.community, file.location.grid)
        (mediatorID, mediatorName, reporter, status, openedAt) = (file.mediator.id, file.mediator.name, file.reporter, file.status, file.openedAt)
        (outcome, referral, note, concludedAt, dueAt) = (file.outcome, file.referral, file.note, file.concludedAt, file.dueAt)
        (cause, acceptedAt, confirmationReminderAt, followUpAt) = (file.cause, file.acceptedAt, file.confirmationReminderAt, file.followUpAt)
        (timerAt, steps, parties, agreement, followUps) = (file.nextTimer, file.steps, file.parties, file.agreement, file.followUps)
        (recused, sessions) = (file.recused, file.sessions)
    }

    func file(trail: [MediationStint]) -> MediationFile {
        var file = MediationFile(mediation: mediationID, caseID: caseID, category: category, level: level,
                      location: GridLocation(street: street, community: community, grid: grid),
                      mediator: PersonRef(id: mediatorID, name: mediatorName), description: description, reporter: reporter,
                      status: status, openedAt: openedAt, outcome: outcome, referral: referral, note: note, concludedAt: concludedAt,
                      trail: trail, dueAt: dueAt)
        (file.parties, file.acceptedAt, file.cause, file.agreement, file.followUps) = (parties, acceptedAt, cause, agreement, followUps)
        (file.confirmationReminderAt, file.followUpAt, file.steps) = (confirmationReminderAt, followUpAt, steps)
        (file.recused, file.sessions) = (recused, sessions)
        return file
    }
}
