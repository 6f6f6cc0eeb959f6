public import Contracts
import Foundation
import GRDB
public import Messaging
import StoreKit
public import WhistleConsoleDomain

/// A proposal on the deliberation board (table `console_proposal`; the tally kept as JSON).
struct ProposalRecord: StoredRecord {
    static let databaseTableName = "console_proposal"
    var proposal, street, community, question: String
    var building: String?
    var status: BoardProposal.Status
    var lastStep: String
    var rule: VotingRule?
    var closesAt: Date?
    var households: Int?
    var area: Double?
    var passed: Bool?
    var chosen: String?
    var tally: VoteTally?
    var updatedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case proposal, street, community, question, building, status, lastStep = "last_step", rule, closesAt = "closes_at", households, area, passed,
             chosen, tally, updatedAt = "updated_at"
    }
    typealias Columns = CodingKeys

    init(_ row: BoardProposal) {
        (proposal, street, community, question, building) = (row.proposal, row.street, row.community, row.question, row.building)
        (status, lastStep, rule, closesAt, households, area) = (row.status, row.lastStep, row.rule, row.closesAt, row.households, row.area)
        (passed, chosen, tally, updatedAt) = (row.passed, row.chosen, row.tally, row.updatedAt)
    }

    var row: BoardProposal {
        BoardProposal(proposal: proposal, street: street, community: community, question: question, building: building, status: status, lastStep: lastStep,
                      rule: rule, closesAt: closesAt, households: households, area: area, passed: passed, chosen: chosen, tally: tally, updatedAt: updatedAt)
    }
}

extension ServiceStore where Schema == ConsoleSchema {
    func proposal(_ db: Database, _ id: String) throws -> BoardProposal? {
        try ProposalRecord.fetchOne(db, key: id)?.row
    }

    /// A proposal, read on its own.
    public func proposal(_ id: String) throws -> BoardProposal? {
        try database.read { db in try proposal(db, id) }
    }

    func record(_ db: Database, _ proposal: BoardProposal) throws {
        var row = ProposalRecord(proposal)
        try row.insert(db, onConflict: .replace)
    }

    /// The proposals of the viewer's communities (a grid worker's: its community's), most recently moved first, at most `limit`.
    public func proposals(for viewer: Viewer, limit: Int) throws -> [BoardProposal] {
        try database.read { db in
            try ProposalRecord.filter(Self.scope(viewer.proposalScope, street: ProposalRecord.Columns.street, community: ProposalRecord.Columns.community,
                                                 grid: ProposalRecord.Columns.community) { _ in false })
                .order(ProposalRecord.Columns.updatedAt.desc).limit(limit).fetchAll(db).map(\.row)
        }
    }
}
