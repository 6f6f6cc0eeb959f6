import CityModel
import Foundation
import HummingbirdBcrypt
import Logging
import NIOPosix
import Timekeeping
import WhistleConsoleDomain

/// Signing in with a named account's password: bcrypt (HummingbirdBcrypt, off the event loop), five wrong passwords
/// in a row lock the account for 15 minutes, and a name nobody has costs as long to refuse as a wrong password.
extension ConsoleSessions {
    /// What a password sign-in came to: the account, or why not (the HTTP status and what the form says).
    enum PasswordOutcome {
        case signedIn(StaffAccount)
        case refused(status: Int, message: String)
    }

    static let mismatch = "that name and password do not match an account"

    func signIn(account name: String, password: String) async throws -> PasswordOutcome {
        let name = name.trimmingCharacters(in: .whitespaces).lowercased()
        let now = clock.now()
        guard let (account, hash) = try store.account(named: name) else {
            _ = try await hash(password)              // as long as checking a password of an account at this cost
            logger.notice("console sign-in refused", metadata: ["account": "\(name.prefix(40))", "reason": "no such account"])
            return .refused(status: 401, message: Self.mismatch)
        }
        if account.isLocked(at: now), let until = account.lockedUntil {
            logger.notice("console sign-in refused", metadata: ["account": "\(name)", "reason": "locked"])
            return .refused(status: 429, message: "too many wrong passwords: account '\(name)' is locked until \(city.calendar.localTime(until))")
        }
        guard try await Self.verify(password, hash: hash) else {
            let next = try store.recordSignIn(of: name) { $0.afterWrongPassword(at: now) }
            logger.notice("console sign-in refused", metadata: ["account": "\(name)", "reason": "wrong password", "locked": "\(next?.lockedUntil != nil)"])
            return .refused(status: 401, message: Self.mismatch)
        }
        guard !account.disabled else {
            logger.notice("console sign-in refused", metadata: ["account": "\(name)", "reason": "disabled"])
            return .refused(status: 403, message: "account '\(name)' is disabled: ask the operator")
        }
        try store.recordSignIn(of: name) { $0.afterSignIn() }
        return .signedIn(account)
    }

    /// A password's bcrypt hash at the configured cost, worked out off the event loop.
    func hash(_ password: String) async throws -> String {
        let cost = UInt8(options.passwordCost)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
