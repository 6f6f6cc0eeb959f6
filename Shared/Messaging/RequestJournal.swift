public import GRDB
public import Foundation

/// Every request a service answered — a command, a report or event to intake — keyed by whose it is (a
/// command's issuer, an event's `source`) and the id they chose, with the request as understood (empty when
/// the id alone names it) and the reply bytes. Written in the same transaction as what the request changed,
/// so after a `kill -9` a retry finds either both or neither: the same id again gets the identical reply.
/// It is also the audit record of who asked for what, when (table `whistle_command_journal`).
public enum RequestJournal {
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("whistle-command-journal-v1") { db in
            try db.create(table: "whistle_command_journal") { table in
                table.column("issuer", .text).notNull()
                table.column("command", .text).notNull()
                table.column("request", .blob).notNull()
                table.column("reply", .blob).notNull()
                table.column("answered_at", .double).notNull()
                table.primaryKey(["issuer", "command"])
            }
        }
        // The audit: the identity of the key that sent each command (NULL: plaintext).
        migrator.registerMigration("whistle-command-journal-v2") { db in
            try db.execute(sql: "ALTER TABLE whistle_command_journal ADD COLUMN identity TEXT")
        }
    }

    /// What an earlier request with this id was, and the reply it got.
    public struct Entry: Sendable, Equatable {
        public var request: Data
        public var reply: Data
    }

    public static func entry(_ db: Database, issuer: String, id: String) throws -> Entry? {
        try JournalRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM whistle_command_journal WHERE issuer = ? AND command = ?"),
                                   arguments: [issuer, id])
            .map { Entry(request: $0.request, reply: $0.reply) }
    }

    public static func record(_ db: Database, issuer: String, id: String, request: Data, reply: Data, sender: String?, at time: Date) throws {
        try JournalRecord(issuer: issuer, command: id, request: request, reply: reply, answeredAt: time.timeIntervalSince1970, identity: sender)
            .insert(db)
    }

    /// Who sent the request `id` of `issuer` (the key's identity), for audits and tests.
    public static func sender(_ db: Database, issuer: String, id: String) throws -> String? {
        try JournalRecord.fetchOne(db, key: ["issuer": issuer, "command": id])?.identity
    }

    /// How many requests this issuer has had answered (for tests and audits).
    public static func count(_ db: Database, issuer: String) throws -> Int {
        try JournalRecord.filter(Column("issuer") == issuer).fetchCount(db)
    }
}

/// One journaled request (table `whistle_command_journal`; `command` is the request's id).
struct JournalRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "whistle_command_journal"
    var issuer, command: String
    var request, reply: Data
    var answeredAt: Double
    var identity: String?

    enum CodingKeys: String, CodingKey { case issuer, command, request, reply, answeredAt = "answered_at", identity }
}
