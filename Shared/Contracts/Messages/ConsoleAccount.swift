public import Envelope
public import Foundation

/// A named account on the web console as its accounts API (`/accounts`, operators only) and `whistle accounts` show
/// it: never its password or the hash of it.
public struct ConsoleAccount: MessageContract, Equatable {
    public static let messageName = "console-account"
    public static let summary = "A named account on the web console: its name, display name, role, whom it acts as, and whether it may sign in."

    public var name, display: String
    /// `street`, `community`, `grid`, `department`, `mediator` or `readonly`.
    public var role: String
    /// The office, grid worker or department it acts as; absent for a read-only account.
    public var actsAs: String?
    public var disabled: Bool
    /// Until when wrong passwords keep it from signing in.
    public var lockedUntil: Date?

    public init(name: String, display: String, role: String, actsAs: String?, disabled: Bool, lockedUntil: Date?) {
        (self.name, self.display, self.role, self.actsAs, self.disabled, self.lockedUntil) = (name, display, role, actsAs, disabled, lockedUntil)
    }
}

/// What makes an account (`POST /accounts`) or gives it a new password (`POST /accounts/<name>/password`, only
/// `password`). Sending the same account again with the same details and password answers as the first time.
public struct ConsoleAccountRequest: MessageContract, Equatable {
    public static let messageName = "console-account-request"
    public static let summary = "A new console account (name, display, role, actsAs, password), or a new password for one."

    public var name, display, role: String?
    public var actsAs: String?
    public var password: String

    public init(name: String?, display: String?, role: String?, actsAs: String?, password: String) {
        (self.name, self.display, self.role, self.actsAs, self.password) = (name, display, role, actsAs, password)
    }
}

/// Every console account, by name (`GET /accounts`).
public struct ConsoleAccountList: MessageContract, Equatable {
    public static let messageName = "console-account-list"
    public static let summary = "Every named account of the web console, by name."

    public var accounts: [ConsoleAccount]

    public init(accounts: [ConsoleAccount]) { self.accounts = accounts }
}
