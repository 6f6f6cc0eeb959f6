public import Envelope
public import GRDB
public import Timekeeping
public import Foundation
public import ZeroMQ
import Synchronization

/// The producer side of "nothing is lost": a service appends the events a state change causes
/// in the same transaction as the change. `sequence` is an `AUTOINCREMENT` key, so SQLite never
/// hands out a number twice, not after a prune and not after a restart; the relay publishes
/// rows in sequence order once they are committed.
public final class Outbox: Sendable {
    public let producer: String
    /// The CloudEvent `source` of everything this producer publishes: `/whistle/<service>/<producer>`.
    public let source: String
    /// Rung after every commit that appended events, to wake the relay.
    public let doorbell = Doorbell()
    private let ringArmed = Atomic<Bool>(false)

    public init(producer: String, service: String) throws(EnvelopeError) {
        self.producer = try ProducerName.validated(producer)
        source = "/whistle/\(service)/\(producer)"
    }

    /// Registers the outbox tables. Named migrations never change once shipped.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("whistle-outbox-v1") { db in
            try db.execute(sql: """
                CREATE TABLE whistle_outbox (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    topic TEXT NOT NULL,
                    event BLOB NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE whistle_producer (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    epoch INTEGER NOT NULL
                );
                INSERT INTO whistle_producer (id, epoch) VALUES (1, 0);
                """)
        }
    }

    /// Appends one event inside the caller's write transaction and returns its sequence: the contract's
    /// JSON form becomes the CloudEvent's `data`, its type and topic come from the contract, `id` is the
    /// event's own (unique for this producer) and `time` is when the decision was made. Validates topic
    /// and size first, so a bad event aborts the caller's transaction instead of being published.
    @discardableResult
    public func append(_ db: Database, _ event: some EventContract, id: String, time: Date) throws -> UInt64 {
        let cloudEvent = CloudEvent(
            id: id, source: source, type: event.eventType, time: time, subject: event.subject,
            data: try JSONValueEncoder().encode(event))
        return try append(db, topic: event.topic.validated(), payload: cloudEvent.encoded(), time: time)
    }

    private func append(_ db: Database, topic: Topic, payload: Data, time: Date) throws -> UInt64 {
        try db.cachedStatement(sql: "INSERT INTO whistle_outbox (topic, event, created_at) VALUES (?, ?, ?)")
            .execute(arguments: [topic.name, payload, time.timeIntervalSince1970])
        // One commit hook per transaction, however many events it appends (writes are serialized).
        if !ringArmed.exchange(true, ordering: .acquiringAndReleasing) {
            db.afterNextTransaction(
                onCommit: { [self] _ in ringArmed.store(false, ordering: .releasing); doorbell.ring() },
                onRollback: { [self] _ in ringArmed.store(false, ordering: .releasing) })
        }
        return UInt64(db.lastInsertedRowID)
    }

    /// Starts a new epoch (call once per process start) and returns it.
    public static func beginEpoch(_ writer: any DatabaseWriter) throws -> UInt64 {
        try writer.write { db in
            try db.execute(sql: "UPDATE whistle_producer SET epoch = epoch + 1 WHERE id = 1")
            return try UInt64.fetchOne(db, sql: "SELECT epoch FROM whistle_producer WHERE id = 1") ?? 1
        }
    }

    /// Makes the next event's sequence come after `sequence` and the next start's epoch after `epoch` — for a store
    /// restored from a backup, whose consumers have applied events it no longer has. Never lowers either.
    public static func raiseFloor(_ db: Database, sequence: UInt64, epoch: UInt64) throws {
        if try head(db) < sequence {
            try db.execute(sql: "DELETE FROM sqlite_sequence WHERE name = 'whistle_outbox'")
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('whistle_outbox', ?)", arguments: [Int64(sequence)])
        }
        try db.execute(sql: "UPDATE whistle_producer SET epoch = MAX(epoch, ?) WHERE id = 1", arguments: [Int64(epoch)])
    }

    /// The epoch this store's producer is in: the one its latest start began.
    public static func epoch(_ db: Database) throws -> UInt64 {
        try UInt64.fetchOne(db, sql: "SELECT epoch FROM whistle_producer WHERE id = 1") ?? 0
    }

    /// The highest sequence ever handed out (0 before the first event), pruned rows included.
    public static func head(_ db: Database) throws -> UInt64 {
        let fromSequence = try UInt64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'whistle_outbox'")
        return fromSequence ?? 0
    }

    /// The oldest sequence still stored; `head + 1` when the outbox is empty.
    public static func oldest(_ db: Database) throws -> UInt64 {
        if let oldest = try UInt64.fetchOne(db, sql: "SELECT MIN(sequence) FROM whistle_outbox") { return oldest }
        return try head(db) + 1
    }

    /// Stored rows with `from <= sequence <= to`, in order, at most `limit` (a cached statement: the relay
    /// asks after every commit).
    public static func rows(_ db: Database, from: UInt64, to: UInt64, limit: Int) throws -> [OutboxRow] {
        try OutboxRow.fetchAll(
            db.cachedStatement(sql: "SELECT sequence, topic, event FROM whistle_outbox WHERE sequence BETWEEN ? AND ? ORDER BY sequence LIMIT ?"),
            arguments: [Int64(clamping: from), Int64(clamping: to), limit])
    }

    /// Retention at `now`: deletes events older than `maximumAge`, and beyond the newest `maximumCount`.
    /// Returns how many rows went. The sequence carries on from the head regardless.
    @discardableResult
    public static func prune(_ writer: any DatabaseWriter, maximumAge: TimeInterval, maximumCount: Int, now: Date = SystemClock().now()) throws -> Int {
        try writer.write { db in
            let cutoff = now.timeIntervalSince1970 - maximumAge
            try db.execute(sql: "DELETE FROM whistle_outbox WHERE created_at < ?", arguments: [cutoff])
            var removed = db.changesCount
            try db.execute(
                sql: "DELETE FROM whistle_outbox WHERE sequence <= (SELECT MAX(sequence) FROM whistle_outbox) - ?",
                arguments: [maximumCount])
            removed += db.changesCount
            return removed
        }
    }
}

/// One stored outbox event (table `whistle_outbox`), read by name without a decoder: the relay reads every one.
public struct OutboxRow: Sendable, Hashable, FetchableRecord {
    public var sequence: UInt64
    public var topic: String
    public var payload: Data

    public init(row: Row) throws { (sequence, topic, payload) = (row["sequence"], row["topic"], row["event"]) }
}

extension Outbox {
    /// Appends every emission of a decision, in order, all stamped with the decision's time.
    public func append(_ db: Database, _ emissions: [Emission], time: Date) throws {
        for emission in emissions { try append(db, emission.event, id: emission.id, time: time) }
    }
}
