public import CityModel
public import Foundation
import Contracts

/// A named person's account on the console: the name they sign in with, what they are called, the role they work in
/// and whom they act as — the office, grid worker or department whose cases they see and for whom their actions go to
/// dispatch. Several people of one community office each have their own account and their own lines in the audit.
public struct StaffAccount: Sendable, Equatable {
    public enum Role: String, Sendable, CaseIterable {
        case street, community, grid, department
        /// One of the city's mediators: their own disputes on the mediation board, and those disputes' agreements.
        case mediator
        /// Sees the whole city, takes no action (the centre's wall screen, a supervisor from the district).
        case readonly
    }

    public var name: String
    public var display: String
    public var role: Role
    /// The street or community office, grid worker, or department code; nil for a read-only account.
    public var actsAs: String?
    public var disabled: Bool
    /// Wrong passwords since the last sign-in or lock.
    public var failedSignIns: Int
    public var lockedUntil: Date?

    public init(name: String, display: String, role: Role, actsAs: String?, disabled: Bool = false, failedSignIns: Int = 0, lockedUntil: Date? = nil) {
        (self.name, self.display, self.role, self.actsAs) = (name, display, role, actsAs)
        (self.disabled, self.failedSignIns, self.lockedUntil) = (disabled, failedSignIns, lockedUntil)
    }

    /// Who the pages see: the identity and the role `Viewer` takes.
    public var viewer: (identity: String, role: String) {
        switch role {
        case .readonly: (name, "readonly")
        case .department: (actsAs ?? name, "department")
        case .mediator: (actsAs ?? name, "mediator")
        case .street, .community, .grid: (actsAs ?? name, "staff")
        }
    }

    /// A refusal of an account's details, saying which one and why.
    public struct Invalid: Error, Sendable, Equatable {
        public let message: String
        public init(_ message: String) { self.message = message }
    }

    /// Wrong passwords in a row that lock an account, and for how long.
    public static let attemptsBeforeLock = 5
    public static let lockSeconds: TimeInterval = 15 * 60
    /// Bcrypt reads at most 72 bytes of a password; a longer one is refused rather than cut.
    public static let passwordBytes = 12...72

    /// Checks a new account against the city: a name of `a-z 0-9 . _ -` (3–32), a display name, and an `actsAs` that
    /// is an office or grid worker of the role's rung, or a department — none for a read-only account.
    public static func check(name: String, display: String, role: Role, actsAs: String?, city: City) throws(Invalid) -> StaffAccount {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard (3...32).contains(name.count), name.allSatisfy(allowed.contains), name.first?.isLetter == true else {
            throw Invalid("name must be 3–32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter: '\(name.prefix(40))'")
        }
        let display = display.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...40).contains(display.count) else { throw Invalid("display must be 1–40 characters: the person's name as colleagues know it") }
        switch role {
        case .readonly:
            guard actsAs == nil else { throw Invalid("a readonly account acts as nobody: leave actsAs out") }
        case .mediator:
            guard let id = actsAs, city.isMediator(id) else {
                throw Invalid("a mediator account acts as one of the city's mediators (such as med-g01): '\(actsAs ?? "")' is none")
            }
        case .department:
            guard let code = actsAs, city.departments.contains(where: { $0.code == code }) else {
                throw Invalid("a department account acts as one of the city's departments (\(city.departments.map(\.code).joined(separator: ", "))): '\(actsAs ?? "")' is none")
            }
        case .street, .community, .grid:
            guard let id = actsAs, let staff = city.staff(id), staff.level.rawValue == role.rawValue else {
                throw Invalid("a \(role.rawValue) account acts as a \(role.rawValue) \(role == .grid ? "worker" : "office") of the city (such as \(example(role, city))): '\(actsAs ?? "")' is none")
            }
        }
        return StaffAccount(name: name, display: display, role: role, actsAs: actsAs)
    }

    /// Checks a password: 12–72 bytes, not the account's name, not one character repeated.
    public static func check(password: String, for name: String) throws(Invalid) {
        guard passwordBytes.contains(password.utf8.count) else { throw Invalid("the password must be 12–72 bytes long (\(password.utf8.count) given)") }
        guard !password.lowercased().contains(name) else { throw Invalid("the password must not contain the account's name") }
        guard Set(password).count > 2 else { throw Invalid("the password must not be one or two characters repeated") }
    }

    /// Whether a sign-in must wait: the account is locked until a moment still to come.
    public func isLocked(at now: Date) -> Bool { lockedUntil.map { $0 > now } ?? false }

    /// The account after a wrong password: one more failure, locked for 15 minutes at the fifth.
    public func afterWrongPassword(at now: Date) -> StaffAccount {
        var next = self
        next.failedSignIns += 1
        if next.failedSignIns >= Self.attemptsBeforeLock { (next.failedSignIns, next.lockedUntil) = (0, now.addingTimeInterval(Self.lockSeconds)) }
        return next
    }

    /// The account after a sign-in: nothing held against it.
    public func afterSignIn() -> StaffAccount {
        var next = self
        (next.failedSignIns, next.lockedUntil) = (0, nil)
        return next
    }

    static func example(_ role: Role, _ city: City) -> String {
        let street = city.streets.first
        switch role {
        case .street: return street?.office.id ?? "so-s01"
        case .community: return street?.communities.first?.office.id ?? "co-c01"
        default: return street?.communities.first?.grids.first?.worker.id ?? "gw-g01"
        }
    }
}
