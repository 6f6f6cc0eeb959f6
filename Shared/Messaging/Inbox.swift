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
        var result: [String: (sequence: UInt64, epoch: UInt64)] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT producer, sequence, epoch FROM whistle_inbox_offset") {
            result[row[0]] = (UInt64(row[1] as Int64), UInt64(row[2] as Int64))
        }
        return result
    }

    static func saveOffset(_ db: Database, producer: String, sequence: UInt64, epoch: UInt64) throws {
        try db.execute(
            sql: """
                INSERT INTO whistle_inbox_offset (producer, sequence, epoch, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (producer) DO UPDATE SET sequence = excluded.sequence, epoch = excluded.epoch,
                    updated_at = excluded.updated_at
                """,
            arguments: [producer, Int64(sequence), Int64(epoch), Date().timeIntervalSince1970])
    }

    /// Keeps an event whose handler failed, so that it is skipped (not retried forever) and visible.
    static func deadLetter(_ db: Database, event: DeliveredEvent, error: any Error) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO whistle_dead_letter (producer, sequence, topic, event, error, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [event.producer, Int64(event.sequence), event.topic, event.payload, "\(error)",
                        Date().timeIntervalSince1970])
    }
}

/// One event as a consumer's handler receives it: who numbered it, where it was published, and
/// the validated CloudEvent.
public struct DeliveredEvent: Sendable {
    public var producer: String
    public var epoch: UInt64
    public var sequence: UInt64
    public var topic: String
    public var event: CloudEvent
    public var payload: Data

    /// What identifies the event itself: its CloudEvent `source` and `id`.
    public var identity: String { event.source + "#" + event.id }
}
