import Foundation
import GRDB
import Messaging
import WhistleNotificationDomain

extension ServiceStore where Schema == NotificationSchema {
    /// How delivery `id` stands, nil for none (an id that is not a number names none).
    func standing(_ db: Database, delivery id: String) throws -> DeliveryStanding? {
        guard let number = Int64(id) else { return nil }
        return try DeliveryRecord.fetchOne(db, key: number)?.standing
    }

    /// Owes the redriven delivery again, in the command's transaction.
    func record(_ db: Database, _ redrive: Redrive) throws {
        try db.execute(sql: "UPDATE notification_delivery SET state = 'pending', next_attempt_at = ?, last_attempt = ? WHERE id = ?",
                       arguments: [redrive.nextAttemptAt.timeIntervalSince1970, redrive.lastAttempt, redrive.delivery])
    }
}
