import CityModel
import Contracts
import Foundation
import GRDB
import StoreKit

/// A case as intake opened it (table `intake_case`).
struct IntakeCaseRecord: StoredRecord {
    static let databaseTableName = "intake_case"
    var number: Int64?
    var caseID, address, reporter, device: String?
    var category, priority, level, street, community, grid, description, origin: String
    var longitude, latitude: Double?
    var alarmCount: Int
    var createdAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case number, caseID = "case_id", category, priority, level, street, community, grid, longitude, latitude, address
        case description, reporter, device, origin, alarmCount = "alarm_count", createdAt = "created_at"
    }
    typealias Columns = CodingKeys

    init(_ triage: Triage, at time: Date) {
        (category, priority, level) = (triage.category.code, triage.category.priority.rawValue, triage.category.level.rawValue)
        (street, community, grid) = (triage.location.street, triage.location.community, triage.location.grid)
        (longitude, latitude, address, description) = (triage.longitude, triage.latitude, triage.address, triage.description)
        (reporter, device, origin, alarmCount, createdAt) = (triage.reporter, triage.device, triage.origin.rawValue, 1, time)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { number = inserted.rowID }
}

/// Every event as received, keyed by its CloudEvents `source` + `id`, with the answer it got
/// (table `intake_event`).
struct ReceivedEventRecord: StoredRecord {
    static let databaseTableName = "intake_event"
    var source, id, type, caseID: String
    var payload, reply: Data
    var receivedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case source, id, type, payload, caseID = "case_id", reply, receivedAt = "received_at"
    }
    typealias Columns = CodingKeys
}
