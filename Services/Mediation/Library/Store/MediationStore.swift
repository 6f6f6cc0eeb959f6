public import Envelope
public import Foundation
public import GRDB
public import Logging
public import Messaging
public import StoreKit

/// Mediation's own SQLite file: mediation cases with their mediators and outcomes, the command journal,
/// its outbox and its inbox offsets.
public final class MediationStore: Sendable {
    let database: any DatabaseWriter
    let outbox: Outbox

    public init(_ location: StoreLocation, producer: String, logger: Logger) throws {
        var migrator = DatabaseMigrator()
        Outbox.registerMigrations(in: &migrator)
        Inbox.registerMigrations(in: &migrator)
        migrator.registerMigration("mediation-v1") { db in
            try db.execute(sql: """
                CREATE TABLE mediation_case (
                    mediation_id TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL UNIQUE,
                    category TEXT NOT NULL, level TEXT NOT NULL,
                    street TEXT NOT NULL, community TEXT NOT NULL, grid TEXT NOT NULL,
                    mediator_id TEXT NOT NULL, mediator_name TEXT NOT NULL,
                    description TEXT NOT NULL, reporter TEXT,
                    status TEXT NOT NULL, opened_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("mediation-v2") { db in
            try db.execute(sql: """
                ALTER TABLE mediation_case ADD COLUMN outcome TEXT;
                ALTER TABLE mediation_case ADD COLUMN referral TEXT;
                ALTER TABLE mediation_case ADD COLUMN note TEXT;
                ALTER TABLE mediation_case ADD COLUMN concluded_at REAL;
                """)
        }
        CommandJournal.registerMigrations(in: &migrator)
        database = try StoreDatabase.open(location, durability: .full, migrator: migrator, logger: logger)
        outbox = try Outbox(producer: producer, service: "mediation")
    }

    func file(_ db: Database, mediation: String) throws -> MediationFile? {
        try MediationRecord.fetchOne(db, key: mediation)?.file
    }

    func hasCase(_ db: Database, caseID: String) throws -> Bool {
        try MediationRecord.filter(MediationRecord.Columns.caseID == caseID).fetchCount(db) > 0
    }

    /// Saves the mediation case and publishes what happened to it, in the caller's transaction.
    func record(_ db: Database, _ file: MediationFile, _ emission: Emission, at time: Date) throws {
        var record = MediationRecord(file)
        try record.save(db)
        try outbox.append(db, [emission], time: time)
    }

    /// The mediation case opened for a case, if any.
    public func mediation(forCase caseID: String) throws -> MediationFile? {
        try database.read { db in try MediationRecord.filter(MediationRecord.Columns.caseID == caseID).fetchOne(db)?.file }
    }
}
