public import Contracts
import Foundation
import GRDB
public import Messaging
import StoreKit

extension ServiceStore where Schema == NotificationSchema {
    /// `recipient` follows the case: they get every notice its reporter gets from now on.
    func follow(_ db: Database, caseID: String, recipient: String) throws {
        var row = FollowerRecord(caseID: caseID, recipient: recipient)
        try row.insert(db, onConflict: .ignore)
    }

    /// Who follows the case besides its reporter.
    func followers(_ db: Database, caseID: String) throws -> [String] {
        try FollowerRecord.filter(FollowerRecord.Columns.caseID == caseID).order(FollowerRecord.Columns.recipient).fetchAll(db).map(\.recipient)
    }

    /// The residents a proposal's vote was opened to: they hear how it goes.
    func addAudience(_ db: Database, proposal: String, recipients: [String]) throws {
        for recipient in recipients {
            var row = AudienceRecord(proposal: proposal, recipient: recipient)
            try row.insert(db, onConflict: .ignore)
        }
    }

    /// Who the proposal's vote was opened to, sorted.
    func audience(_ db: Database, proposal: String) throws -> [String] {
        try AudienceRecord.filter(AudienceRecord.Columns.proposal == proposal).order(AudienceRecord.Columns.recipient).fetchAll(db).map(\.recipient)
    }

    /// Every notice about this case from now on is critical (it is an emergency).
    func markCritical(_ db: Database, caseID: String) throws {
        var row = CriticalCaseRecord(caseID: caseID)
        try row.insert(db, onConflict: .ignore)
    }

    /// Whether the case is an emergency.
    func isCritical(_ db: Database, caseID: String) throws -> Bool {
        try CriticalCaseRecord.exists(db, key: caseID)
    }

    /// Keeps the deliveries a notice made, in the consumer's transaction (an event makes each one once).
    func record(_ db: Database, _ deliveries: [Delivery]) throws {
        for delivery in deliveries {
            var row = DeliveryRecord(delivery)
            try row.insert(db, onConflict: .ignore)
        }
    }

    /// Deliveries whose next attempt is due at `now`: each lane's oldest pending one only (a recipient hears on a channel
    /// in the order of the steps, also across a retry), none in the lanes `excluding` (being delivered in now);
    /// emergencies first, then oldest first.
    func due(limit: Int, now: Date, excluding busy: Set<DeliveryLane> = [], blocked: Set<String> = []) throws -> [DeliveryRecord] {
        // Read in the order deliveries go out (`notification_pending_order`: emergencies, then oldest), stopping at `limit`;
        // `+next_attempt_at` is checked, not searched by, so no sort of every owed delivery. A row is its lane's head
        // when no earlier delivery to its recipient on its channel is owed (`notification_pending_recipient`).
        let skipped = busy.map { "\($0.channel.rawValue) \($0.recipient)" }.sorted()
        let placeholders = skipped.map { _ in "?" }.joined(separator: ", ")
        let endpoints = blocked.sorted()
        let resting = endpoints.isEmpty ? "" : " AND coalesce(d.endpoint, d.channel) NOT IN (\(endpoints.map { _ in "?" }.joined(separator: ", ")))"
        // A delivery held for quiet hours holds up nothing behind it (an emergency goes past it).
        let sql = """
            SELECT d.* FROM notification_delivery d
            WHERE d.state = 'pending' AND +d.next_attempt_at <= ?\(skipped.isEmpty ? "" : " AND d.channel || ' ' || d.recipient NOT IN (\(placeholders))")\(resting)
              AND NOT EXISTS (SELECT 1 FROM notification_delivery e
                              WHERE e.recipient = d.recipient AND e.state = 'pending' AND e.id < d.id AND e.channel = d.channel
                                AND (e.held_until IS NULL OR e.held_until <= ?))
            ORDER BY d.critical DESC, d.id LIMIT ?
            """
        var arguments: StatementArguments = [now.timeIntervalSince1970]
        arguments += StatementArguments(skipped)
        arguments += StatementArguments(endpoints)
        arguments += [now.timeIntervalSince1970, limit]
        return try database.read { db in try DeliveryRecord.fetchAll(db, sql: sql, arguments: arguments) }
    }

    /// When the earliest retry falls due after `now` (only a lane's head is ever retried, so this is a head's).
    func nextRetry(after now: Date) throws -> Date? {
        typealias Columns = DeliveryRecord.Columns
        return try database.read { db in
            try DeliveryRecord.filter(Columns.state == DeliveryState.pending.rawValue && Columns.nextAttemptAt > now.timeIntervalSince1970)
                .select(min(Columns.nextAttemptAt), as: Double.self).fetchOne(db).map { Date(timeIntervalSince1970: $0) }
        }
    }

    /// How many deliveries on `channel` reached `recipient` since `since`.
    func delivered(_ channel: DeliveryChannel, to recipient: String, since: Date) throws -> Int {
        typealias Columns = DeliveryRecord.Columns
        return try database.read { db in
            try DeliveryRecord.filter(Columns.recipient == recipient && Columns.channel == channel.rawValue && Columns.state == DeliveryState.delivered.rawValue
                                      && Columns.deliveredAt >= since.timeIntervalSince1970).fetchCount(db)
        }
    }

    /// How many deliveries are owed on each channel that owes any, and since when the oldest of them.
    func backlog() throws -> [DeliveryChannel: (count: Int, oldest: Date)] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT channel, count(*) AS owed, min(created_at) AS oldest FROM notification_delivery WHERE state = 'pending' GROUP BY channel
                """)
            var backlog: [DeliveryChannel: (count: Int, oldest: Date)] = [:]
            for row in rows {
                guard let channel = DeliveryChannel(rawValue: row["channel"]) else { continue }
                backlog[channel] = (row["owed"], Date(timeIntervalSince1970: row["oldest"]))
            }
            return backlog
        }
    }

    /// Records one attempt — how long it took and the start of what the receiver said, when known — and what the delivery
    /// became after it.
    func record(_ delivery: DeliveryRecord, _ outcome: AttemptOutcome, at now: Date, latencyMilliseconds: Int? = nil, response: String? = nil) throws {
        try database.write { db in
            var attempt = AttemptRecord(deliveryID: delivery.id!, attempt: outcome.attempt, status: outcome.status, at: now, error: outcome.error,
                                        latencyMilliseconds: latencyMilliseconds, response: response)
            try attempt.insert(db)
            var delivery = delivery
            (delivery.attempts, delivery.state, delivery.nextAttemptAt, delivery.deliveredAt) = (outcome.attempt, outcome.state, outcome.nextAttemptAt,
                                                                                                  outcome.deliveredAt)
            try delivery.update(db)
        }
    }

    /// (kind, channel, state, attempts) of every delivery to a recipient, oldest first.
    public func deliveries(to recipient: String) throws -> [(kind: NotificationKind, channel: DeliveryChannel, state: DeliveryState, attempts: Int)] {
        try database.read { db in
            try DeliveryRecord.filter(DeliveryRecord.Columns.recipient == recipient).order(DeliveryRecord.Columns.id).fetchAll(db)
                .map { ($0.kind, $0.channel, $0.state, $0.attempts) }
        }
    }
}

/// Notification's own SQLite file: every message owed to someone (a delivery per channel), every attempt
/// to deliver it, and the inbox offsets of the events that caused them.
public enum NotificationSchema: StoreSchema {
    public static let service = "notification"
    public static let tables: ServiceStoreTables = [.inbox, .commands]
}

public typealias NotificationStore = ServiceStore<NotificationSchema>
