import Contracts
import Foundation
import GRDB
import Messaging
import WhistleNotificationDomain

/// What digests are made of: the holders' open tasks, kept from the task events, and the recipients whose digest falls due.
extension ServiceStore where Schema == NotificationSchema {
    /// Records what an event changed in the open tasks, in the consumer's transaction.
    func record(_ db: Database, _ change: OpenItemChange) throws {
        typealias Columns = OpenTaskRecord.Columns
        switch change {
        case .open(let item):
            var row = OpenTaskRecord(item)
            try row.upsert(db)
        case .stage(let task, let stage, let light, let dueAt):
            try OpenTaskRecord.filter(key: task).updateAll(db, Columns.stage.set(to: stage.rawValue), Columns.light.set(to: light.rawValue),
                                                           Columns.dueAt.set(to: dueAt.timeIntervalSince1970), Columns.closed.set(to: false))
        case .reportedForDuty(let task):
            try OpenTaskRecord.filter(key: task).updateAll(db, Columns.stage.set(to: Stage.handle.rawValue), Columns.light.set(to: TrafficLight.green.rawValue),
                                                           Columns.dueAt.set(to: Columns.handleBy))
        case .close(let task):
            try OpenTaskRecord.filter(key: task).updateAll(db, Columns.closed.set(to: true))
        case .closeCase(let caseID):
            try OpenTaskRecord.filter(Columns.caseID == caseID).deleteAll(db)
        }
    }

    /// The tasks open with `holder`.
    func openItems(_ db: Database, of holder: String) throws -> [OpenItem] {
        try OpenTaskRecord.filter(OpenTaskRecord.Columns.holder == holder && OpenTaskRecord.Columns.closed == false).order(OpenTaskRecord.Columns.task)
            .fetchAll(db).map(\.item)
    }

    /// The digests due by `now`, earliest first, up to `limit`.
    func digestsDue(_ db: Database, at now: Date, limit: Int) throws -> [(due: DigestDue, preferences: Preferences)] {
        try RecipientRecord.filter(RecipientRecord.Columns.digestDue <= now.timeIntervalSince1970).order(RecipientRecord.Columns.digestDue)
            .limit(limit).fetchAll(db).compactMap { row in
                guard let schedule = row.preferences.digest, let due = row.digestDue else { return nil }
                return (DigestDue(recipient: row.recipient, schedule: schedule, dueAt: due), row.preferences)
            }
    }

    /// Keeps a digest's deliveries and arms the recipient's next one.
    func record(_ db: Database, _ decision: DigestDecision) throws {
        try record(db, decision.deliveries)
        try RecipientRecord.filter(key: decision.recipient).updateAll(db, RecipientRecord.Columns.digestDue.set(to: decision.nextAt.timeIntervalSince1970))
    }
}
