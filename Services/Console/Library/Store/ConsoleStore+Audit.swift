import Contracts
public import Foundation
import GRDB
public import Messaging
import StoreKit

/// One action taken through the console: who, on which case, what, when, and how dispatch answered.
public struct AuditEntry: Sendable, Equatable {
    public var at: Date
    public var identity, caseID, action, commandID, status: String
    public var error, message: String?
    /// The named account that acted for `identity`; nil for a sign-in with a key.
    public var account: String? = nil
}

extension ServiceStore where Schema == ConsoleSchema {
    /// Keeps an action and its answer.
    func audit(_ entry: AuditEntry) throws {
        try database.write { db in
            var row = AuditRecord(at: entry.at, identity: entry.identity, caseID: entry.caseID, action: entry.action, commandID: entry.commandID,
                                  status: entry.status, error: entry.error, message: entry.message, account: entry.account)
            try row.insert(db)
        }
    }

    /// The actions taken on a case through the console, oldest first.
    public func audit(caseID: String) throws -> [AuditEntry] {
        try database.read { db in
            try AuditRecord.filter(AuditRecord.Columns.caseID == caseID).order(AuditRecord.Columns.id).fetchAll(db).map {
                AuditEntry(at: $0.at, identity: $0.identity, caseID: $0.caseID, action: $0.action, commandID: $0.commandID, status: $0.status,
                           error: $0.error, message: $0.message, account: $0.account)
            }
        }
    }
}
