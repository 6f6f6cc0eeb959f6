public import GRDB
public import Logging
public import StoreKit
import CityModel
import Foundation
import Messaging

/// Notification's own SQLite file: every message owed to someone (a delivery per channel), every
/// attempt to deliver it, and the inbox offsets of the events that caused them.
public final class NotificationStore: Sendable {
    public let database: any DatabaseWriter

    public init(_ location: StoreLocation, logger: Logger) throws {
        var migrator = DatabaseMigrator()
        Inbox.registerMigrations(in: &migrator)
        migrator.registerMigration("notification-v1") { db in
            try db.execute(sql: """
                CREATE TABLE notification_delivery (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    event_id TEXT NOT NULL, recipient TEXT NOT NULL, channel TEXT NOT NULL, address TEXT,
                    kind TEXT NOT NULL, case_id TEXT NOT NULL, text TEXT NOT NULL,
                    state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL, created_at REAL NOT NULL, delivered_at REAL,
                    UNIQUE (event_id, recipient, channel)
                );
                CREATE INDEX notification_due ON notification_delivery (state, next_attempt_at);
                CREATE TABLE notification_attempt (
                    delivery_id INTEGER NOT NULL REFERENCES notification_delivery (id),
                    attempt INTEGER NOT NULL, at REAL NOT NULL, status INTEGER, error TEXT,
                    PRIMARY KEY (delivery_id, attempt)
                );
                """)
        }
        database = try StoreDatabase.open(location, durability: .full, migrator: migrator, logger: logger)
    }

    /// Queues what an event means for its recipients, in the consumer's transaction: always the
    /// in-app inbox (delivered at once), and a webhook when the resident has one.
    static func enqueue(_ db: Database, event: CloudEvent, messages: Messages, webhooks: [String: String]) throws {
        guard let message = messages.message(for: event) else { return }
        let now = Date().timeIntervalSince1970
        let caseID = event.data?["case"]?.stringValue ?? ""
        var channels: [(String, String?, String)] = [("inbox", nil, "delivered")]
        if let url = webhooks[message.resident] { channels.append(("webhook", url, "pending")) }
        for (channel, address, state) in channels {
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO notification_delivery (event_id, recipient, channel, address, kind, case_id, text,
                        state, next_attempt_at, created_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [event.id, message.resident, channel, address, message.kind, caseID, message.text, state, now, now,
                            state == "delivered" ? now : nil])
        }
    }

    /// A delivery waiting for its next attempt.
    struct Due: Sendable {
        var id: Int64, address: String, recipient: String, kind: String, caseID: String, text: String, attempts: Int
    }

    func due(limit: Int) throws -> [Due] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, address, recipient, kind, case_id, text, attempts FROM notification_delivery
                WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, arguments: [Date().timeIntervalSince1970, limit]
            ).map { Due(id: $0[0], address: $0[1], recipient: $0[2], kind: $0[3], caseID: $0[4], text: $0[5], attempts: $0[6]) }
        }
    }

    /// Records one attempt and moves the delivery on: delivered, retried after `retryAfter`, or failed.
    func record(_ due: Due, status: Int?, error: String?, retryAfter: Double?) throws {
        try database.write { db in
            let attempt = due.attempts + 1
            let now = Date().timeIntervalSince1970
            try db.execute(sql: "INSERT INTO notification_attempt (delivery_id, attempt, at, status, error) VALUES (?, ?, ?, ?, ?)",
                           arguments: [due.id, attempt, now, status, error])
            let delivered = status.map { (200..<300).contains($0) } ?? false
            let state = delivered ? "delivered" : (retryAfter == nil ? "failed" : "pending")
            try db.execute(
                sql: "UPDATE notification_delivery SET state = ?, attempts = ?, next_attempt_at = ?, delivered_at = ? WHERE id = ?",
                arguments: [state, attempt, now + (retryAfter ?? 0), delivered ? now : nil, due.id])
        }
    }

    /// (kind, channel, state, attempts) of every delivery for a recipient, oldest first.
    public func deliveries(to recipient: String) throws -> [(kind: String, channel: String, state: String, attempts: Int)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, channel, state, attempts FROM notification_delivery WHERE recipient = ? ORDER BY id",
                             arguments: [recipient]).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
    }
}
