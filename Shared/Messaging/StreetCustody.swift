public import Foundation
public import GRDB

/// Which streets an instance's store keeps the cases of, and whether the instance may start with the streets it is
/// given — for every service partitioned by street (dispatch, mediation). A street's cases, tasks, timers and command
/// journal live in the one store that took its reports, so a partition moves with its store (the instance's name and
/// data volume), never street by street: an instance may not take on a street its store never held — that street's
/// cases are in another store, and would be stranded there — unless it is told the street has none
/// (`<service>.adopt`), and may not give up a street whose cases are open here.
public struct StreetCustody: Equatable, Sendable {
    /// Every street: an instance given none.
    public static let everyStreet = "*"

    /// The streets the store has held (`*`: every street); nil for a store that never said (a first start, or a store
    /// from before custody was kept).
    public var held: Set<String>?

    public init(held: Set<String>?) { self.held = held }

    /// Why an instance may not start with the streets it is given.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        /// Streets the store never held, not adopted.
        case neverHeld(instance: String, service: String, streets: [String])
        /// Open cases of streets the instance is no longer given, by street.
        case openCases(instance: String, byStreet: [String: Int])

        public var description: String {
            switch self {
            case let .neverHeld(instance, service, streets):
                let named = streets.map { $0 == StreetCustody.everyStreet ? "every street" : $0 }.joined(separator: ", ")
                return "\(instance)'s store never held \(named): the cases of a street live in the store of the instance that "
                    + "took its reports, and starting here would strand them there. To move a partition, move that instance — its "
                    + "name and its data volume (docs/operations.md, Moving a partition); for a street that has no cases anywhere "
                    + "yet, allow it with \(service).adopt: [\(streets.joined(separator: ", "))]"
            case let .openCases(instance, byStreet):
                let counts = byStreet.keys.sorted().map { "\(byStreet[$0]!) of \($0)" }.joined(separator: ", ")
                return "\(instance)'s store has open cases of streets it is no longer given (\(counts)): nobody else can serve "
                    + "them. Keep those streets with \(instance), or move the whole instance (docs/operations.md, Moving a partition)"
            }
        }
    }

    /// The streets the store holds from now on, given `configured` (none: every street), the streets `adopting` allows
    /// it to take on fresh, and the store's open cases by street — or why it may not start.
    public func admit(_ configured: [String], adopting: [String], openCases: [String: Int], instance: String, service: String) throws(Refusal) -> Set<String> {
        let given: Set<String> = configured.isEmpty ? [Self.everyStreet] : Set(configured)
        if !given.contains(Self.everyStreet) {
            let stranded = openCases.filter { !given.contains($0.key) && $0.value > 0 }
            if !stranded.isEmpty { throw .openCases(instance: instance, byStreet: stranded) }
        }
        guard let held else { return given }
        if held.contains(Self.everyStreet) { return held.union(given) }
        let new = given.subtracting(held).subtracting(adopting)
        if !new.isEmpty { throw .neverHeld(instance: instance, service: service, streets: new.sorted()) }
        return held.union(given)
    }
}

extension StreetCustody {
    static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("whistle-street-v1") { db in
            try db.execute(sql: "CREATE TABLE whistle_street (street TEXT PRIMARY KEY, since REAL NOT NULL)")
        }
    }

    /// The streets the store has held, as it recorded them.
    public static func load(_ db: Database) throws -> StreetCustody {
        let held = try String.fetchAll(db, sql: "SELECT street FROM whistle_street")
        return StreetCustody(held: held.isEmpty ? nil : Set(held))
    }

    /// Records that the store holds `streets` from `now` on (those it held already keep their date).
    public static func hold(_ db: Database, _ streets: Set<String>, at now: Date) throws {
        for street in streets.sorted() {
            try db.execute(sql: "INSERT OR IGNORE INTO whistle_street (street, since) VALUES (?, ?)", arguments: [street, now.timeIntervalSince1970])
        }
    }
}
