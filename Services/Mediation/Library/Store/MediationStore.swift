import Foundation
import GRDB
public import Messaging
import StoreKit

extension ServiceStore where Schema == MediationSchema {
    func file(_ db: Database, mediation: String) throws -> MediationFile? {
        try MediationRecord.fetchOne(db, key: mediation)?.file
    }

    func hasCase(_ db: Database, caseID: String) throws -> Bool {
        try MediationRecord.filter(MediationRecord.Columns.caseID == caseID).fetchCount(db) > 0
    }

    /// Records a decision in the caller's transaction: the mediation case as it now is, and its events in the outbox.
    func record(_ db: Database, _ decision: MediationDecision, at time: Date) throws {
        var record = MediationRecord(decision.file)
        try record.save(db)
        try outbox.append(db, decision.emissions, time: time)
    }

    /// The mediation case opened for a case, if any.
    public func mediation(forCase caseID: String) throws -> MediationFile? {
        try database.read { db in try MediationRecord.filter(MediationRecord.Columns.caseID == caseID).fetchOne(db)?.file }
    }
}

/// Mediation's own SQLite file: mediation cases with their mediators and outcomes, the command journal,
/// its outbox and its inbox offsets.
public enum MediationSchema: StoreSchema { public static let service = "mediation" }

public typealias MediationStore = ServiceStore<MediationSchema>
