import Envelope
import Foundation
public import GRDB
import Logging
public import Messaging
import StoreKit

/// Mediation's own SQLite file: mediation cases with their mediators and outcomes, the command journal,
/// its outbox and its inbox offsets.
public enum MediationSchema: StoreSchema {
    public static let service = "mediation"
    public static let tables: ServiceStoreTables = [.inbox, .commands]

    /// Mediation's named migrations; a shipped one never changes.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
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
    }
}

public typealias MediationStore = ServiceStore<MediationSchema>

extension ServiceStore where Schema == MediationSchema {


    func file(_ db: Database, mediation: String) throws -> MediationFile? {
        try MediationRecord.fetchOne(db, key: mediation)?.file
    }

    func hasCase(_ db: Database, caseID: String) throws -> Bool {
        try MediationRecord.filter(MediationRecord.Columns.caseID == caseID).fetchCount(db) > 0
    }

    /// Saves the mediation case and publishes what happened to it, in the caller's transaction.
    func record(_ db: Database, _ file: MediationFile, _ emissions: [Emission], at time: Date) throws {
        var record = MediationRecord(file)
        try record.save(db)
        try outbox.append(db, emissions, time: time)
    }

    /// The mediation case opened for a case, if any.
    public func mediation(forCase caseID: String) throws -> MediationFile? {
        try database.read { db in try MediationRecord.filter(MediationRecord.Columns.caseID == caseID).fetchOne(db)?.file }
    }
}
