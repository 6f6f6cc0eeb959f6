public import Envelope
public import GRDB
public import Foundation

/// The consumer side of "nothing is doubled": per producer, the sequence this store has applied
/// through, written in the same transaction as the state change the events caused.
public enum Inbox {
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("whistle-inbox-v1") { db in
            try db.execute(sql: """
                CREATE TABLE whistle_inbox_offset (
                    producer TEXT PRIMARY KEY,
                    sequence INTEGER NOT NULL,
                    epoch INTEGER NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE TABLE whistle_dead_letter (
                    producer TEXT NOT NULL,
                    sequence INTEGER NOT NULL,
                    topic TEXT NOT NULL,
                    event BLOB NOT NULL,
                    error TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    PRIMARY KEY (producer, sequence)
                );
                """)
        }
    }

    /// Applied-through sequence per producer.
    public static func offsets(_ db: Database) throws -> [String: (sequence: UInt64, epoch: UInt64)] {
        Dictionary(try OffsetRecord.fetchAll(db).map { ($0.producer, (UInt64($0.sequence), UInt64($0.epoch))) }, uniquingKeysWith: { $1 })
    }

    static func saveOffset(_ db: Database, producer: String, sequence: UInt64, epoch: UInt64, at time: Date) throws {
        try OffsetRecord(producer: producer, sequence: Int64(sequence), epoch: Int64(epoch), updatedAt: time.timeIntervalSince1970).upsert(db)
    }

    /// Keeps an event whose handler failed, so that it is skipped (not retried forever) and visible.
    static func deadLetter(_ db: Database, event: DeliveredEvent, error: any Error, at time: Date) throws {
        try DeadLetterRecord(producer: event.producer, sequence: Int64(event.sequence), topic: event.topic, event: event.payload,
                             error: "\(error)", createdAt: time.timeIntervalSince1970).save(db)
    }
}

/// One event as a consumer's handler receives it: who numbered it, where it was published, and
/// the validated CloudEvent. A class: it passes from the socket through the producer's cursor, its ring of recent
/// events and the batch to its handler, and each hand-over is one reference, not a copy of its ten strings and buffers
/// (copying and destroying the struct was a tenth of a saturated consumer's time).
public final class DeliveredEvent: Sendable {
    public let producer: String
    public let epoch: UInt64
    public let sequence: UInt64
    public let topic: String
    public let event: CloudEvent
    public let payload: Data

    init(producer: String, epoch: UInt64, sequence: UInt64, topic: String, event: CloudEvent, payload: Data) {
        (self.producer, self.epoch, self.sequence, self.topic, self.event, self.payload) = (producer, epoch, sequence, topic, event, payload)
    }

    /// What identifies the event itself: its CloudEvent `source` and `id`.
    public var identity: String { event.source + "#" + event.id }
}

/// How far this store has applied one producer's events (table `whistle_inbox_offset`).
struct OffsetRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "whistle_inbox_offset"
    var producer: String
    var sequence, epoch: Int64
    var updatedAt: Double

    enum CodingKeys: String, CodingKey { case producer, sequence, epoch, updatedAt = "updated_at" }
}

/// An event whose handler failed, kept aside (table `whistle_dead_letter`).
struct DeadLetterRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "whistle_dead_letter"
    var producer: String
    var sequence: Int64
    var topic: String
    var event: Data
    var error: String
    var createdAt: Double

    enum CodingKeys: String, CodingKey { case producer, sequence, topic, event, error, createdAt = "created_at" }
}
