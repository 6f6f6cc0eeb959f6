import CityModel
import Contracts
public import Foundation
public import GRDB
import StoreKit
public import Messaging

/// The public view of intake's cases: their status as dispatch's steps move it, and what Open311
/// requests said beyond their report.
extension ServiceStore where Schema == IntakeSchema {
    /// Moves a case's public status with `change`; a case this intake did not open is not its to show.
    public func follow(_ db: Database, caseID: String, _ change: (PublicStatus) -> PublicStatus) throws {
        guard let record = try PublicStatusRecord.fetchOne(db, key: caseID) else { return }
        let next = change(record.status)
        guard next != record.status else { return }
        try PublicStatusRecord(caseID: caseID, next).update(db)
    }

    /// The cases a query selects, newest first, with their public status.
    public func publicCases(_ query: PublicCaseQuery) throws -> [PublicCase] {
        try database.read { db in
            var sql = """
                SELECT c.*, s.open, s.notes, s.agency, s.expected_at, s.updated_at, r.media_url
                FROM intake_case c JOIN intake_public_status s ON s.case_id = c.case_id
                LEFT JOIN intake_open311_request r ON r.case_id = c.case_id
                WHERE 1
                """
            var arguments: [any DatabaseValueConvertible] = []
            if let ids = query.ids {
                sql += " AND c.case_id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))"
                arguments += ids
            } else {
                if let categories = query.categories {
                    sql += " AND c.category IN (\(Array(repeating: "?", count: categories.count).joined(separator: ",")))"
                    arguments += categories
                }
                if let from = query.from { sql += " AND c.created_at >= ?"; arguments.append(from.timeIntervalSince1970) }
                if let to = query.to { sql += " AND c.created_at <= ?"; arguments.append(to.timeIntervalSince1970) }
                if let open = query.open { sql += " AND s.open = ?"; arguments.append(open) }
                if !query.unlisted.isEmpty {
                    sql += " AND c.category NOT IN (\(Array(repeating: "?", count: query.unlisted.count).joined(separator: ",")))"
                    arguments += query.unlisted
                }
            }
            sql += " GROUP BY c.case_id ORDER BY c.number DESC LIMIT ?"
            arguments.append(query.limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(PublicCase.init(row:))
        }
    }

    /// The case an Open311 token became, if any.
    public func caseID(forToken token: String) throws -> String? {
        try database.read { db in try Open311RequestRecord.filter(Open311RequestRecord.Columns.token == token).fetchOne(db)?.caseID }
    }

    /// Keeps what an Open311 request said beyond its report, in the transaction that made its case.
    func record(_ db: Database, _ submission: Open311Desk.Submission, client: String, token: String, caseID: String, at time: Date) throws {
        let answers = String(decoding: try JSONEncoder().encode(submission.answers), as: UTF8.self)
        let contact = submission.contact
        var record = Open311RequestRecord(
            token: token, caseID: caseID, client: client, serviceCode: submission.report.category, answers: answers,
            mediaURL: submission.mediaURL, email: contact.email, phone: contact.phone, firstName: contact.firstName,
            lastName: contact.lastName, deviceID: contact.deviceID, accountID: contact.accountID, requestedAt: time)
        try record.insert(db)
    }
}

/// Which cases `GET requests` wants: by ids (which override the rest), or by categories, dates and status.
public struct PublicCaseQuery: Sendable, Equatable {
    public var ids: [String]?
    public var categories: [String]?
    public var from, to: Date?
    public var open: Bool?
    /// Categories never listed unless asked for by id (disputes: private matters).
    public var unlisted: [String]
    public var limit: Int

    public init(ids: [String]? = nil, categories: [String]? = nil, from: Date? = nil, to: Date? = nil, open: Bool? = nil,
                unlisted: [String] = [], limit: Int = 1000) {
        (self.ids, self.categories, self.from, self.to, self.open, self.limit) = (ids, categories, from, to, open, limit)
        self.unlisted = unlisted
    }
}

/// A case as the public view holds it.
public struct PublicCase: Sendable, Equatable {
    public var caseID, category, description: String
    public var address: String?
    public var latitude, longitude: Double?
    public var createdAt: Date
    public var status: PublicStatus
    public var mediaURL: String?

    init(row: Row) {
        (caseID, category, description) = (row["case_id"], row["category"], row["description"])
        (address, latitude, longitude, createdAt, mediaURL) = (row["address"], row["latitude"], row["longitude"], row["created_at"], row["media_url"])
        status = PublicStatus(isOpen: row["open"], notes: row["notes"], agency: row["agency"], expected: row["expected_at"],
                              updated: row["updated_at"])
    }
}
