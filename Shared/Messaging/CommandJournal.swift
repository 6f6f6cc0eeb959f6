public import GRDB
public import Foundation

/// Every command a service answered, keyed by who sent it and the id they chose, with the request as
/// understood and the reply bytes. Written in the same transaction as what the command changed, so after
/// a `kill -9` a retried command finds either both or neither: the same id again gets the identical reply.
/// It is also the audit record of who asked for what, when.
public enum CommandJournal {
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

    /// What an earlier command with this id was, and the reply it got.
    public struct Entry: Sendable, Equatable {
        public var request: Data
        public var reply: Data
    }

    public static func entry(_ db: Database, issuer: String, command: String) throws -> Entry? {
        try Row.fetchOne(
            db, sql: "SELECT request, reply FROM whistle_command_journal WHERE issuer = ? AND command = ?",
            arguments: [issuer, command]
        ).map { Entry(request: $0["request"], reply: $0["reply"]) }
    }

    public static func record(_ db: Database, issuer: String, command: String, request: Data, reply: Data, sender: String?,
                              at time: Date) throws {
        try db.execute(
            sql: "INSERT INTO whistle_command_journal (issuer, command, request, reply, answered_at, identity) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [issuer, command, request, reply, time.timeIntervalSince1970, sender])
    }

    /// Who sent the command `command` of `issuer` (the key's identity), for audits and tests.
    public static func sender(_ db: Database, issuer: String, command: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT identity FROM whistle_command_journal WHERE issuer = ? AND command = ?", arguments: [issuer, command])
    }

    /// How many commands this issuer has had answered (for tests and audits).
    public static func count(_ db: Database, issuer: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM whistle_command_journal WHERE issuer = ?", arguments: [issuer]) ?? 0
    }
}
