public import Foundation
import GRDB
public import Messaging
import StoreKit
public import WhistleConsoleDomain

/// The named accounts: kept with their password's bcrypt hash only; a password changed or an account disabled ends its
/// sessions in the same transaction.
extension ServiceStore where Schema == ConsoleSchema {
    /// An account and its password's hash, or nil.
    func account(named name: String) throws -> (account: StaffAccount, passwordHash: String)? {
        try database.read { db in try AccountRecord.fetchOne(db, key: name).map { ($0.account, $0.passwordHash) } }
    }

    /// Every account, by name.
    public func accounts() throws -> [StaffAccount] {
        try database.read { db in try AccountRecord.order(AccountRecord.Columns.name).fetchAll(db).map(\.account) }
    }

    /// Keeps a new account; false when the name is taken (nothing is changed).
    func create(_ account: StaffAccount, passwordHash: String, at now: Date) throws -> Bool {
        try database.write { db in
            guard try AccountRecord.fetchOne(db, key: account.name) == nil else { return false }
            var row = AccountRecord(name: account.name, display: account.display, role: account.role.rawValue, actsAs: account.actsAs, passwordHash: passwordHash,
                                    disabled: false, failedSignIns: 0, lockedUntil: nil, createdAt: now, passwordChangedAt: now)
            try row.insert(db)
            return true
        }
    }

    /// Records what a sign-in attempt did to the account (failures counted, a lock, or nothing held against it): `change`
    /// is applied to the account as it stands in the same transaction, so attempts at once each count.
    @discardableResult
    func recordSignIn(of name: String, _ change: (StaffAccount) -> StaffAccount) throws -> StaffAccount? {
        try database.write { db in
            guard let row = try AccountRecord.fetchOne(db, key: name) else { return nil }
            let account = change(row.account)
            try AccountRecord.filter(key: name).updateAll(db, AccountRecord.Columns.failedSignIns.set(to: account.failedSignIns),
                                                          AccountRecord.Columns.lockedUntil.set(to: account.lockedUntil?.timeIntervalSince1970))
            return account
        }
    }

    /// A new password for the account, its lock lifted, its sessions ended; false for an unknown name.
    func setPassword(of name: String, hash: String, at now: Date) throws -> Bool {
        try database.write { db in
            let changed = try AccountRecord.filter(key: name).updateAll(
                db, AccountRecord.Columns.passwordHash.set(to: hash), AccountRecord.Columns.passwordChangedAt.set(to: now.timeIntervalSince1970),
                AccountRecord.Columns.failedSignIns.set(to: 0), AccountRecord.Columns.lockedUntil.set(to: nil))
            try SessionRecord.filter(SessionRecord.Columns.account == name).deleteAll(db)
            return changed > 0
        }
    }

    /// Disables (ending its sessions) or enables an account; false for an unknown name.
    func setDisabled(_ name: String, _ disabled: Bool) throws -> Bool {
        try database.write { db in
            let changed = try AccountRecord.filter(key: name).updateAll(db, AccountRecord.Columns.disabled.set(to: disabled))
            if disabled { try SessionRecord.filter(SessionRecord.Columns.account == name).deleteAll(db) }
            return changed > 0
        }
    }
}
