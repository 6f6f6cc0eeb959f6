public import Contracts
import Foundation
public import GRDB
import Logging
public import Messaging
import StoreKit

/// Notification's own SQLite file: every message owed to someone (a delivery per channel), every attempt
/// to deliver it, and the inbox offsets of the events that caused them.
public enum NotificationSchema: StoreSchema {
    public static let service = "notification"
    public static let tables: ServiceStoreTables = [.inbox]

    /// Notification's named migrations; a shipped one never changes.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
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
        migrator.registerMigration("notification-v2-critical-followers") { db in
            try db.execute(sql: """
                ALTER TABLE notification_delivery ADD COLUMN critical INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE notification_critical_case (case_id TEXT PRIMARY KEY);
                CREATE TABLE notification_follower (case_id TEXT NOT NULL, recipient TEXT NOT NULL, PRIMARY KEY (case_id, recipient));
                """)
        }
    }
}

public typealias NotificationStore = ServiceStore<NotificationSchema>

extension ServiceStore where Schema == NotificationSchema {


    /// `recipient` follows the case: they get every notice its reporter gets from now on.
    func follow(_ db: Database, caseID: String, recipient: String) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO notification_follower (case_id, recipient) VALUES (?, ?)", arguments: [caseID, recipient])
    }

    /// Who follows the case besides its reporter.
    func followers(_ db: Database, caseID: String) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT recipient FROM notification_follower WHERE case_id = ? ORDER BY recipient", arguments: [caseID])
    }

    /// Every notice about this case from now on is critical (it is an emergency).
    func markCritical(_ db: Database, caseID: String) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO notification_critical_case (case_id) VALUES (?)", arguments: [caseID])
    }

    /// Queues a notice in the consumer's transaction: always to the in-app inbox (delivered at once),
    /// and by webhook when the recipient has one.
    func enqueue(_ db: Database, _ notice: Notice, event: String, webhook: String?, now: Date) throws {
        let critical = try Bool.fetchOne(db, sql: "SELECT 1 FROM notification_critical_case WHERE case_id = ?", arguments: [notice.caseID]) ?? false
        var channels: [(String, String?, DeliveryState)] = [("inbox", nil, .delivered)]
        if let webhook { channels.append(("webhook", webhook, .pending)) }
        for (channel, address, state) in channels {
            var row = DeliveryRecord(
                eventID: event, recipient: notice.recipient, channel: channel, caseID: notice.caseID, text: notice.text, address: address,
                kind: notice.kind, state: state, attempts: 0, nextAttemptAt: now, createdAt: now, deliveredAt: state == .delivered ? now : nil,
                critical: critical)
            try row.insert(db, onConflict: .ignore)
        }
    }

    /// Webhook deliveries whose next attempt is due at `now`, oldest first.
    func due(limit: Int, now: Date) throws -> [DeliveryRecord] {
        try database.read { db in
            try DeliveryRecord.filter(DeliveryRecord.Columns.state == DeliveryState.pending.rawValue && DeliveryRecord.Columns.nextAttemptAt <= now.timeIntervalSince1970)
                .order(DeliveryRecord.Columns.critical.desc, DeliveryRecord.Columns.id).limit(limit).fetchAll(db)
        }
    }

    /// Records one attempt and moves the delivery on: delivered, tried again after `retryAfter`, or failed.
    func record(_ delivery: DeliveryRecord, status: Int?, error: String?, retryAfter: TimeInterval?, now: Date) throws {
        try database.write { db in
            var delivery = delivery
            delivery.attempts += 1
            var attempt = AttemptRecord(deliveryID: delivery.id!, attempt: delivery.attempts, status: status, at: now, error: error)
            try attempt.insert(db)
            let delivered = status.map { (200..<300).contains($0) } ?? false
            delivery.state = delivered ? .delivered : (retryAfter == nil ? .failed : .pending)
            delivery.nextAttemptAt = now.addingTimeInterval(retryAfter ?? 0)
            delivery.deliveredAt = delivered ? now : nil
            try delivery.update(db)
        }
    }

    /// (kind, channel, state, attempts) of every delivery to a recipient, oldest first.
    public func deliveries(to recipient: String) throws -> [(kind: NotificationKind, channel: String, state: DeliveryState, attempts: Int)] {
        try database.read { db in
            try DeliveryRecord.filter(DeliveryRecord.Columns.recipient == recipient).order(DeliveryRecord.Columns.id).fetchAll(db)
                .map { ($0.kind, $0.channel, $0.state, $0.attempts) }
        }
    }
}
