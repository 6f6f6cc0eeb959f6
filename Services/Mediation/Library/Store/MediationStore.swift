import Foundation
import GRDB
public import Messaging
import StoreKit

extension ServiceStore where Schema == MediationSchema {
    func file(_ db: Database, mediation: String) throws -> MediationFile? {
        guard let record = try MediationRecord.fetchOne(db, key: mediation) else { return nil }
        return try file(db, record)
    }

    private func file(_ db: Database, _ record: MediationRecord) throws -> MediationFile {
        let stints = try MediationStintRecord.filter(MediationStintRecord.Columns.mediationID == record.mediationID)
            .order(MediationStintRecord.Columns.position).fetchAll(db)
        return record.file(trail: stints.map(\.stint))
    }

    /// The cases with a timer (time limit, reminder) due by `now`, earliest first, up to `limit`.
    func timersDue(_ db: Database, at now: Date, limit: Int) throws -> [MediationFile] {
        try MediationRecord.filter(MediationRecord.Columns.timerAt <= now.timeIntervalSince1970).order(MediationRecord.Columns.timerAt)
            .limit(limit).fetchAll(db).map { try file(db, $0) }
    }

    func hasCase(_ db: Database, caseID: String) throws -> Bool {
        try MediationRecord.filter(MediationRecord.Columns.caseID == caseID).fetchCount(db) > 0
    }

    /// Records a decision in the caller's transaction: the mediation case as it now is, and its events in the outbox.
    func record(_ db: Database, _ decision: MediationDecision, at time: Date) throws {
        var record = MediationRecord(decision.file)
        try record.save(db)
        for (position, stint) in decision.file.trail.enumerated() {
            var stintRecord = MediationStintRecord(stint, of: decision.file.mediation, at: position)
            try stintRecord.save(db)
        }
        try outbox.append(db, decision.emissions, time: time)
    }

    /// The mediation cases opened from `from` until `to`, each with its trail.
    func files(openedFrom from: Date, to: Date) throws -> [MediationFile] {
        try database.read { db in
            let period = MediationRecord.filter(MediationRecord.Columns.openedAt >= from.timeIntervalSince1970
                                                    && MediationRecord.Columns.openedAt < to.timeIntervalSince1970)
            let records = try period.fetchAll(db)
            // The period's trails through a subquery: a year of disputes is more ids than SQLite binds at once.
            let stints = try MediationStintRecord.filter(period.select(MediationRecord.Columns.mediationID).contains(MediationStintRecord.Columns.mediationID))
                .order(MediationStintRecord.Columns.mediationID, MediationStintRecord.Columns.position).fetchAll(db)
            let trails = Dictionary(grouping: stints, by: \.mediationID)
            return records.map { $0.file(trail: (trails[$0.mediationID] ?? []).map(\.stint)) }
        }
    }

    /// The mediation case opened for a case, if any.
    public func mediation(forCase caseID: String) throws -> MediationFile? {
        try database.read { db in
            try MediationRecord.filter(MediationRecord.Columns.caseID == caseID).fetchOne(db).map { try file(db, $0) }
        }
    }
}

/// Mediation's own SQLite file: mediation cases with their mediators and outcomes, the command journal,
/// its outbox and its inbox offsets.
public enum MediationSchema: StoreSchema {
    public static let service = "mediation"
    public static let tables: ServiceStoreTables = [.inbox, .commands, .streets]
}

extension ServiceStore where Schema == MediationSchema {
    /// Mediations not concluded and proposals not closed, by street: what this store alone can carry on.
    package func openCasesByStreet() throws -> [String: Int] {
        try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT street, COUNT(*) AS open FROM (
                    SELECT street FROM mediation_case WHERE concluded_at IS NULL
                    UNION ALL SELECT street FROM deliberation_proposal WHERE closed_at IS NULL)
                GROUP BY street
                """).reduce(into: [:]) { $0[$1["street"] as String] = $1["open"] as Int }
        }
    }
}

public typealias MediationStore = ServiceStore<MediationSchema>
