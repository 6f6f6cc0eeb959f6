public import Foundation
import GRDB
public import Messaging
import StoreKit

/// A signed-in person, as a page sees them.
public struct ConsoleSession: Sendable, Equatable {
    public var identity, role, csrf: String
    /// The named account signed in with a password; nil for a sign-in with an API key.
    public var account: String? = nil
}

extension ServiceStore where Schema == ConsoleSchema {
    /// Keeps a new session under its token's hash until `expiresAt`, dropping any that ran out.
    func openSession(tokenSHA256: String, identity: String, role: String, csrf: String, account: String?, now: Date, expiresAt: Date) throws {
        try database.write { db in
            try SessionRecord.filter(SessionRecord.Columns.expiresAt < now.timeIntervalSince1970).deleteAll(db)
            var row = SessionRecord(tokenSHA256: tokenSHA256, identity: identity, role: role, csrf: csrf, createdAt: now, expiresAt: expiresAt, account: account)
            try row.insert(db)
        }
    }

    /// The session whose token hashes to this, unless it ran out.
    func session(tokenSHA256: String, now: Date) throws -> ConsoleSession? {
        try database.read { db in
            guard let row = try SessionRecord.fetchOne(db, key: tokenSHA256), row.expiresAt > now else { return nil }
            return ConsoleSession(identity: row.identity, role: row.role, csrf: row.csrf, account: row.account)
        }
    }

    /// Ends a session (signing out).
    func closeSession(tokenSHA256: String) throws {
        _ = try database.write { db in try SessionRecord.deleteOne(db, key: tokenSHA256) }
    }
}
