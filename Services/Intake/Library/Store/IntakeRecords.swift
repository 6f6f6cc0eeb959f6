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

    /// A case as the domain opened it, under the number it chose.
    init(_ opened: OpenedCase, at time: Date) {
        let triage = opened.triage
        (number, caseID) = (opened.number, opened.caseID)
        (category, priority, level) = (triage.category.code, triage.category.priority.rawValue, triage.category.level.rawValue)
        (street, community, grid) = (triage.location.street, triage.location.community, triage.location.grid)
        (longitude, latitude, address, description) = (triage.longitude, triage.latitude, triage.address, triage.description)
        (reporter, device, origin, alarmCount, createdAt) = (triage.reporter, triage.device, triage.origin.rawValue, 1, time)
    }
}

/// An open case near a report, as the duplicate query finds it.
struct NearbyCaseRow: FetchableRecord, Decodable {
    var caseID: String
    var longitude, latitude: Double
    var createdAt: Date

    enum CodingKeys: String, CodingKey { case caseID = "case_id", longitude, latitude, createdAt = "created_at" }
    static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }

    var nearby: NearbyCase { NearbyCase(caseID: caseID, longitude: longitude, latitude: latitude, openedAt: createdAt) }
}

/// Every event as received, keyed by its CloudEvents `source` + `id`, with the case it belongs to (empty:
/// none) (table `intake_event`; its answer is in the request journal).
struct ReceivedEventRecord: StoredRecord {
    static let databaseTableName = "intake_event"
    var source, id, type, caseID: String
    var payload: Data
    var receivedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case source, id, type, payload, caseID = "case_id", receivedAt = "received_at"
    }
    typealias Columns = CodingKeys

    init(_ event: ReceivedEvent, caseID: String?, at time: Date) {
        (source, id, type, payload, self.caseID, receivedAt) = (event.source, event.id, event.type, event.payload, caseID ?? "", time)
    }
}
