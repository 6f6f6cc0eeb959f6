import Contracts
import Foundation
import GRDB
import Messaging

/// What operators and recipients read: deliveries by state, one delivery with its attempts, an inbox a page at a time.
extension ServiceStore where Schema == NotificationSchema {
    /// Deliveries in `state` (to `recipient` only, when given), newest first, with their last attempt's error.
    func deliveries(in state: DeliveryState, recipient: String?, limit: Int) throws -> [DeliverySummary] {
        try database.read { db in
            var request = DeliveryRecord.filter(DeliveryRecord.Columns.state == state.rawValue)
            if let recipient { request = request.filter(DeliveryRecord.Columns.recipient == recipient) }
            return try request.order(DeliveryRecord.Columns.id.desc).limit(limit).fetchAll(db).map { try summary($0, db) }
        }
    }

    /// One delivery, its text and every attempt; nil when there is none.
    func delivery(_ id: Int64) throws -> DeliveryView? {
        try database.read { db in
            guard let record = try DeliveryRecord.fetchOne(db, key: id) else { return nil }
            let attempts = try AttemptRecord.filter(AttemptRecord.Columns.deliveryID == id).order(AttemptRecord.Columns.attempt).fetchAll(db)
            return DeliveryView(summary: try summary(record, db), text: record.text,
                                attemptLog: attempts.map {
                                    DeliveryAttempt(attempt: $0.attempt, at: $0.at, status: $0.status, error: $0.error, latencyMs: $0.latencyMilliseconds,
                                                    response: $0.response)
                                })
        }
    }

    /// `recipient`'s in-app messages older than delivery `before` (all when nil), newest first, `limit` of them.
    func inbox(_ recipient: String, before: Int64?, unreadOnly: Bool = false, limit: Int) throws -> [DeliveryRecord] {
        try database.read { db in
            var request = DeliveryRecord.filter(DeliveryRecord.Columns.recipient == recipient && DeliveryRecord.Columns.channel == DeliveryChannel.inbox.rawValue)
            if let before { request = request.filter(DeliveryRecord.Columns.id < before) }
            if unreadOnly { request = request.filter(DeliveryRecord.Columns.readAt == nil) }
            return try request.order(DeliveryRecord.Columns.id.desc).limit(limit).fetchAll(db)
        }
    }

    private func summary(_ record: DeliveryRecord, _ db: Database) throws -> DeliverySummary {
        let last = try AttemptRecord.filter(AttemptRecord.Columns.deliveryID == record.id).order(AttemptRecord.Columns.attempt.desc).fetchOne(db)
        return DeliverySummary(delivery: String(record.id ?? 0), recipient: record.recipient, channel: record.channel, kind: record.kind,
                               caseID: record.caseID, proposal: record.proposal, state: record.state, attempts: record.attempts,
                               createdAt: record.createdAt, nextAttemptAt: record.state == .pending ? record.nextAttemptAt : nil,
                               deliveredAt: record.deliveredAt, lastError: last?.error)
    }
}

extension ServiceStore where Schema == NotificationSchema {
    /// Which of `ids` are inbox messages of `recipient`.
    func inboxMessages(_ db: Database, of recipient: String, among ids: [String]) throws -> Set<Int64> {
        let numbers = ids.compactMap { Int64($0) }
        let rows = try DeliveryRecord.filter(keys: numbers)
            .filter(DeliveryRecord.Columns.recipient == recipient && DeliveryRecord.Columns.channel == DeliveryChannel.inbox.rawValue).fetchAll(db)
        return Set(rows.compactMap(\.id))
    }

    /// Marks the messages read (those read already keep their first time).
    func record(_ db: Database, _ reading: InboxReading) throws {
        try DeliveryRecord.filter(keys: reading.deliveries).filter(DeliveryRecord.Columns.readAt == nil)
            .updateAll(db, DeliveryRecord.Columns.readAt.set(to: reading.at.timeIntervalSince1970))
    }

    /// How many of the recipient's inbox messages are unread.
    func unread(of recipient: String) throws -> Int {
        try database.read { db in
            try DeliveryRecord.filter(DeliveryRecord.Columns.recipient == recipient && DeliveryRecord.Columns.channel == DeliveryChannel.inbox.rawValue
                                      && DeliveryRecord.Columns.readAt == nil).fetchCount(db)
        }
    }
}
