public import GRDB
public import Logging
public import StoreKit

/// What one service's store is: the service it belongs to (its outbox's CloudEvent source is
/// `/whistle/<service>/<instance name>`), the shared tables it needs, and its own named migrations.
public protocol StoreSchema: Sendable {
    static var service: String { get }
    /// The shared tables besides the outbox every store has: inbox offsets, the request journal (by default both).
    static var tables: ServiceStoreTables { get }
    /// Its named migrations in order, each name with its SQL (`<Name>Store+Migrations.swift`); a shipped
    /// one never changes.
    static var migrations: KeyValuePairs<String, String> { get }
}

extension StoreSchema {
    public static var tables: ServiceStoreTables { [.inbox, .commands] }

    /// Its file in the data folder (`dispatch.sqlite`).
    public static var fileName: String { service + ".sqlite" }

    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        for (name, sql) in migrations {
            migrator.registerMigration(name) { db in try db.execute(sql: sql) }
        }
    }
}

/// The shared tables a store may need.
public struct ServiceStoreTables: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Inbox offsets, for a service that consumes events.
    public static let inbox = ServiceStoreTables(rawValue: 1)
    /// The command journal, for a service that answers commands.
    public static let commands = ServiceStoreTables(rawValue: 2)
    /// The streets the store has held, for a service partitioned by street (`StreetCustody`).
    public static let streets = ServiceStoreTables(rawValue: 4)
}

/// A service's own SQLite file, opened one way for every service: the outbox (and, as the schema asks,
/// inbox offsets and the command journal) first, then the service's named migrations. A service's
/// queries and writes are extensions on its `ServiceStore<Schema>`.
public final class ServiceStore<Schema: StoreSchema>: Sendable {
    package let database: any DatabaseWriter
    /// What this instance publishes, numbered under its name.
    package let outbox: Outbox

    public init(_ location: StoreLocation, name: String, logger: Logger) throws {
        outbox = try Outbox(producer: name, service: Schema.service)
        database = try StoreDatabase.open(location, durability: .full, migrator: Self.migrator, logger: logger)
    }

    /// Every migration the store runs, in order: the outbox's, the inbox's and the journal's as the schema
    /// asks, then the service's own (a test migrates part of the way to build a store an earlier release left).
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        Outbox.registerMigrations(in: &migrator)
        if Schema.tables.contains(.inbox) { Inbox.registerMigrations(in: &migrator) }
        if Schema.tables.contains(.commands) { RequestJournal.registerMigrations(in: &migrator) }
        if Schema.tables.contains(.streets) { StreetCustody.registerMigrations(in: &migrator) }
        Schema.registerMigrations(in: &migrator)
        return migrator
    }
}
