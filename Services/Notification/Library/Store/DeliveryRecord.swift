import Contracts
import Foundation
import GRDB
import StoreKit

/// A message owed to someone on one channel (table `notification_delivery`).
struct DeliveryRecord: StoredRecord {
    static let databaseTableName = "notification_delivery"
    var id: Int64?
    /// `eventID` is the event that caused it (`<source>#<id>`): an event makes one delivery per recipient and channel.
    var eventID, recipient, channel, caseID, text: String
    var address: String?
    var kind: NotificationKind
    var state: DeliveryState
    var attempts: Int
    var nextAttemptAt, createdAt: Date
    var deliveredAt: Date?
    /// About an emergency: sent before anything else that is due, and marked critical.
    var critical: Bool

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, eventID = "event_id", recipient, channel, address, kind, caseID = "case_id", text, state, attempts
        case nextAttemptAt = "next_attempt_at", createdAt = "created_at", deliveredAt = "delivered_at", critical
    }
    typealias Columns = CodingKeys

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One attempt to deliver (table `notification_attempt`).
struct AttemptRecord: StoredRecord {
    static let databaseTableName = "notification_attempt"
    var deliveryID: Int64
    var attempt: Int
    var status: Int?
    var at: Date
    var error: String?

    enum CodingKeys: String, CodingKey, ColumnExpression { case deliveryID = "delivery_id", attempt, at, status, error }
}

/// Where a delivery stands.
public enum DeliveryState: String, Codable, Sendable {
    case pending, delivered, failed
}
