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

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case mediationID = "mediation_id", caseID = "case_id", category, level, street, community, grid
        case mediatorID = "mediator_id", mediatorName = "mediator_name", description, reporter, status, openedAt = "opened_at"
        case outcome, referral, note, concludedAt = "concluded_at", dueAt = "due_at"
    }
    typealias Columns = CodingKeys

    init(_ file: MediationFile) {
        (mediationID, caseID, category, level, description) = (file.mediation, file.caseID, file.category, file.level, file.description)
        (street, community, grid) = (file.location.street, file.location.community, file.location.grid)
        (mediatorID, mediatorName, reporter, status, openedAt) = (file.mediator.id, file.mediator.name, file.reporter, file.status, file.openedAt)
        (outcome, referral, note, concludedAt, dueAt) = (file.outcome, file.referral, file.note, file.concludedAt, file.dueAt)
    }

    func file(trail: [MediationStint]) -> MediationFile {
        MediationFile(mediation: mediationID, caseID: caseID, category: category, level: level,
                      location: GridLocation(street: street, community: community, grid: grid),
                      mediator: PersonRef(id: mediatorID, name: mediatorName), description: description, reporter: reporter,
                      status: status, openedAt: openedAt, outcome: outcome, referral: referral, note: note, concludedAt: concludedAt,
                      trail: trail, dueAt: dueAt)
    }
}
