public import Contracts
import Foundation
import GRDB
public import Messaging
import StoreKit
public import WhistleConsoleDomain

/// A dispute on the mediation board (table `console_mediation`).
struct MediationRecord: StoredRecord {
    static let databaseTableName = "console_mediation"
    var mediation, caseID, street, community, grid: String
    var level: HandlingLevel
    var mediatorID, mediatorName, lastStep: String
    var outcome: MediationOutcome?
    var tierStartedAt, dueAt, updatedAt: Date
    var open: Bool

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case mediation, caseID = "case_id", street, community, grid, level, mediatorID = "mediator_id", mediatorName = "mediator_name",
             lastStep = "last_step", outcome, tierStartedAt = "tier_started_at", dueAt = "due_at", updatedAt = "updated_at", open
    }
    typealias Columns = CodingKeys

    init(_ row: BoardMediation) {
        (mediation, caseID, street, community, grid) = (row.mediation, row.caseID, row.street, row.community, row.grid)
        (level, mediatorID, mediatorName, lastStep, outcome) = (row.level, row.mediatorID, row.mediatorName, row.lastStep, row.outcome)
        (tierStartedAt, dueAt, updatedAt, open) = (row.tierStartedAt, row.dueAt, row.updatedAt, row.isOpen)
    }

    var row: BoardMediation {
        BoardMediation(mediation: mediation, caseID: caseID, location: GridLocation(street: street, community: community, grid: grid), level: level,
                       mediatorID: mediatorID, mediatorName: mediatorName, lastStep: lastStep, outcome: outcome, tierStartedAt: tierStartedAt,
                       dueAt: dueAt, updatedAt: updatedAt)
    }
}

extension ServiceStore where Schema == ConsoleSchema {
    func mediation(_ db: Database, _ id: String) throws -> BoardMediation? {
        try MediationRecord.fetchOne(db, key: id)?.row
    }

    func record(_ db: Database, _ mediation: BoardMediation) throws {
        var row = MediationRecord(mediation)
        try row.insert(db, onConflict: .replace)
    }

    /// The disputes in the viewer's area — open ones (or all; or the one with `id`), the soonest due first — at most `limit`.
    public func mediations(for viewer: Viewer, includeClosed: Bool, limit: Int, id: String? = nil) throws -> [BoardMediation] {
        try database.read { db in
            var request = MediationRecord.filter(Self.scope(viewer.scope, street: MediationRecord.Columns.street, community: MediationRecord.Columns.community,
                                                            grid: MediationRecord.Columns.grid) { _ in false })
            if viewer.kind == .mediator {                      // a mediator: the disputes they hold
                request = MediationRecord.filter(MediationRecord.Columns.mediatorID == viewer.identity)
            }
            if let id { request = request.filter(MediationRecord.Columns.mediation == id) }
            if !includeClosed { request = request.filter(MediationRecord.Columns.open == true) }
            return try request.order(MediationRecord.Columns.open.desc, MediationRecord.Columns.dueAt).limit(limit).fetchAll(db).map(\.row)
        }
    }
}
