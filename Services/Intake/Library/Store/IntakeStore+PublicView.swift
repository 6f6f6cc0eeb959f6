import CityModel
import Contracts
public import Foundation
public import GRDB
import StoreKit
public import Messaging

/// The public view of intake's cases: their status as dispatch's steps move it, and what Open311
/// requests said beyond their report.
extension ServiceStore where Schema == IntakeSchema {
    /// A case's public status; nil for a case this intake did not open.
    public func publicStatus(_ db: Database, caseID: String) throws -> PublicStatus? {
        try PublicStatusRecord.fetchOne(db, key: caseID)?.status
    }

    /// Records a case's public status as a step moved it.
    public func record(_ db: Database, caseID: String, status: PublicStatus) throws {
        try PublicStatusRecord(caseID: caseID, status).update(db)
    }

    /// The requests a query selects, newest first, with their public status: every case intake opened, and
    /// every Open311 request that followed an open case (shown as its own request, with the case's status).
    public func publicRequests(_ query: PublicCaseQuery) throws -> [PublicCase] {
        try database.read { db in
            var sql = """
                SELECT * FROM (
                    SELECT c.case_id AS request_id, c.case_id, c.category, c.description, c.address, c.latitude, c.longitude,
                           c.created_at, c.number, s.open, s.notes, s.agency, s.expected_at, s.updated_at, r.media_url
                    FROM intake_case c JOIN intake_public_status s ON s.case_id = c.case_id
                    LEFT JOIN intake_open311_request r ON r.request_id = c.case_id
                    UNION ALL
                    SELECT r.request_id, r.case_id, r.service_code, COALESCE(r.description, ''), r.address, r.latitude, r.longitude,
                           r.requested_at, c.number, s.open, s.notes, s.agency, s.expected_at, s.updated_at, r.media_url
                    FROM intake_open311_request r JOIN intake_case c ON c.case_id = r.case_id JOIN intake_public_status s ON s.case_id = r.case_id
                    WHERE r.request_id != r.case_id
                ) WHERE 1
                """
            var arguments: [any DatabaseValueConvertible] = []
            func among(_ column: String, _ values: [String], not: Bool = false) {
                sql += " AND \(column) \(not ? "NOT " : "")IN (\(Array(repeating: "?", count: values.count).joined(separator: ",")))"
                arguments += values
            }
            if let ids = query.ids {
                among("request_id", ids)
            } else {
                if let categories = query.categories { among("category", categories) }
                if let from = query.from { sql += " AND created_at >= ?"; arguments.append(from.timeIntervalSince1970) }
                if let to = query.to { sql += " AND created_at <= ?"; arguments.append(to.timeIntervalSince1970) }
                if let open = query.open { sql += " AND open = ?"; arguments.append(open) }
                if !query.unlisted.isEmpty { among("category", query.unlisted, not: true) }
            }
            sql += " ORDER BY created_at DESC, number DESC, request_id DESC LIMIT ?"
            arguments.append(query.limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(PublicCase.init(row:))
        }
    }

    /// The request an Open311 token became, if any.
    public func requestID(forToken token: String) throws -> String? {
        try database.read { db in try Open311RequestRecord.fetchOne(db, key: token)?.requestID }
    }

    /// Keeps an Open311 request, in the transaction that opened its case or linked it to one, and returns its
    /// own id: the case's when it opened it, `<case>-r<n>` for the n-th request to follow it.
    func record(_ db: Database, _ submission: Open311Desk.Submission, client: String, token: String, caseID: String, outcome: IngestOutcome,
                at time: Date) throws -> String {
        let requestID: String
        if outcome == .opened {
            requestID = caseID
        } else {
            let columns = Open311RequestRecord.Columns.self
            let earlier = try Open311RequestRecord.filter(columns.caseID == caseID && columns.requestID != caseID).fetchCount(db)
            requestID = "\(caseID)-r\(earlier + 1)"
        }
        let answers = String(decoding: try JSONEncoder().encode(submission.answers), as: UTF8.self)
        let (contact, report) = (submission.contact, submission.report)
        var record = Open311RequestRecord(
            token: token, caseID: caseID, client: client, serviceCode: report.category, answers: answers, requestID: requestID,
            description: report.description, address: report.address, latitude: report.latitude, longitude: report.longitude,
            mediaURL: submission.mediaURL, email: contact.email, phone: contact.phone, firstName: contact.firstName,
            lastName: contact.lastName, deviceID: contact.deviceID, accountID: contact.accountID, requestedAt: time)
        try record.insert(db)
        return requestID
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

/// A request as the public view holds it: a case, or an Open311 request following one (`follows` is then
/// the case whose status it shows).
public struct PublicCase: Sendable, Equatable {
    public var requestID, caseID, category, description: String
    public var address: String?
    public var latitude, longitude: Double?
    public var createdAt: Date
    public var status: PublicStatus
    public var mediaURL: String?

    /// The case a following request follows, or nil for a case itself.
    public var follows: String? { requestID == caseID ? nil : caseID }

    init(row: Row) {
        (requestID, caseID, category, description) = (row["request_id"], row["case_id"], row["category"], row["description"])
        (address, latitude, longitude, createdAt, mediaURL) = (row["address"], row["latitude"], row["longitude"], row["created_at"], row["media_url"])
        status = PublicStatus(isOpen: row["open"], notes: row["notes"], agency: row["agency"], expected: row["expected_at"],
                              updated: row["updated_at"])
    }
}
