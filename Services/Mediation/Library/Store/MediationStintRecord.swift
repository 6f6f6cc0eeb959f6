import Contracts
import Foundation
import GRDB
import StoreKit

/// One tier's time with a dispute (table `mediation_stint`), `position` 0 for the first tier.
struct MediationStintRecord: StoredRecord {
    static let databaseTableName = "mediation_stint"
    var mediationID: String
    var position: Int
    var level: HandlingLevel
    var mediatorID, mediatorName: String
    var startedAt: Date
    var endedAt: Date?
    var result: StintResult?
    var note: String?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case mediationID = "mediation_id", position, level, mediatorID = "mediator_id", mediatorName = "mediator_name"
        case startedAt = "started_at", endedAt = "ended_at", result, note
    }
    typealias Columns = CodingKeys

    init(_ stint: MediationStint, of mediation: String, at position: Int) {
        (mediationID, self.position, level, startedAt, endedAt) = (mediation, position, stint.level, stint.from, stint.until)
        (mediatorID, mediatorName, result, note) = (stint.mediator.id, stint.mediator.name, stint.result, stint.note)
    }

    var stint: MediationStint {
        MediationStint(level: level, mediator: PersonRef(id: mediatorID, name: mediatorName), from: startedAt, until: endedAt, result: result,
                       note: note)
    }
}
