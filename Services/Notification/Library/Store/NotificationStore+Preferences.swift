import Contracts
import Foundation
import GRDB
import Messaging
import WhistleNotificationDomain

extension ServiceStore where Schema == NotificationSchema {
    /// The preferences of those of `recipients` who set any.
    func preferences(_ db: Database, of recipients: [String]) throws -> [String: Preferences] {
        guard !recipients.isEmpty else { return [:] }
        let rows = try RecipientRecord.filter(keys: recipients).fetchAll(db)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.recipient, $0.preferences) })
    }

    /// Keeps a recipient's new preferences and moves what is held for them to the new quiet hours' end (or now), in the
    /// command's transaction.
    func record(_ db: Database, _ decision: PreferenceDecision, at now: Date) throws {
        let mute = String(decoding: try JSONEncoder().encode(decision.preferences.mute.map(\.rawValue).sorted()), as: UTF8.self)
        var row = RecipientRecord(recipient: decision.recipient, quietFrom: decision.preferences.quietHours?.from,
                                  quietUntil: decision.preferences.quietHours?.until, mute: mute, updatedAt: now,
                                  digestEvery: decision.preferences.digest?.every, digestAt: decision.preferences.digest?.at,
                                  digestDue: decision.nextDigestAt, language: decision.preferences.language)
        let own = try RecipientRecord.fetchOne(db, key: decision.recipient)        // where they are reached stays as it is
        (row.webhook, row.email, row.phone) = (own?.webhook, own?.email, own?.phone)
        try row.upsert(db)
        try db.execute(sql: """
            UPDATE notification_delivery SET held_until = ?, next_attempt_at = ?
            WHERE recipient = ? AND state = 'pending' AND held_until > ?
            """, arguments: [decision.heldUntil?.timeIntervalSince1970, (decision.heldUntil ?? now).timeIntervalSince1970, decision.recipient,
                             now.timeIntervalSince1970])
    }

    /// Keeps where a recipient asked to be reached; the rest of their preferences stays as it is.
    func record(_ db: Database, _ decision: ChannelsDecision, at now: Date) throws {
        var row = try RecipientRecord.fetchOne(db, key: decision.recipient)
            ?? RecipientRecord(recipient: decision.recipient, mute: "[]", updatedAt: now, language: .zhCN)
        (row.webhook, row.email, row.phone, row.updatedAt) = (decision.channels.webhook, decision.channels.email, decision.channels.phone, now)
        try row.upsert(db)
    }

    /// A recipient's preferences as `GET /recipients/<id>` shows them, with how many messages wait for their quiet hours.
    func preferencesView(of recipient: String, at now: Date) throws -> RecipientPreferences {
        try database.read { db in
            let row = try RecipientRecord.fetchOne(db, key: recipient)
            let preferences = row?.preferences ?? Preferences()
            let held = try DeliveryRecord.filter(DeliveryRecord.Columns.recipient == recipient && DeliveryRecord.Columns.state == DeliveryState.pending.rawValue
                                                 && DeliveryRecord.Columns.heldUntil > now.timeIntervalSince1970).fetchCount(db)
            return RecipientPreferences(recipient: recipient, quietHours: preferences.quietHours, mute: preferences.mute.sorted { $0.rawValue < $1.rawValue },
                                        held: held, digest: preferences.digest, nextDigestAt: row?.digestDue,
                                        language: preferences.language, webhook: row?.webhook, email: row?.email, phone: row?.phone)
        }
    }
}
