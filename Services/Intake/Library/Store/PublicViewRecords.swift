import Contracts
import Foundation
import GRDB
import StoreKit

/// A case's public status (table `intake_public_status`), moved by dispatch's case steps.
struct PublicStatusRecord: StoredRecord {
    static let databaseTableName = "intake_public_status"
    var caseID: String
    var isOpen: Bool
    var notes: String
    var agency: String?
    var expectedAt: Date?
    var updatedAt: Date
    var lead: String?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case caseID = "case_id", isOpen = "open", notes, agency, expectedAt = "expected_at", updatedAt = "updated_at", lead
    }
    typealias Columns = CodingKeys

    init(caseID: String, _ status: PublicStatus) {
        (self.caseID, isOpen, notes, agency, expectedAt, updatedAt) = (caseID, status.isOpen, status.notes, status.agency, status.expected,
                                                                        status.updated)
        lead = status.lead
    }

    var status: PublicStatus {
        PublicStatus(isOpen: isOpen, notes: notes, agency: agency, expected: expectedAt, updated: updatedAt, lead: lead)
    }
}

/// An Open311 request (table `intake_open311_request`): its own id (the case's when it opened the case,
/// `<case>-r<n>` when it was the n-th to follow an open one), what it said of the problem, its client,
/// answers, media and the reporter's contact, kept here only. Its token is the event id the request became.
struct Open311RequestRecord: StoredRecord {
    static let databaseTableName = "intake_open311_request"
    var token, caseID, client, serviceCode, answers: String
    var requestID: String
    var description, address: String?
    var latitude, longitude: Double?
    var mediaURL, email, phone, firstName, lastName, deviceID, accountID: String?
    var requestedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case token, caseID = "case_id", client, serviceCode = "service_code", answers, mediaURL = "media_url", email, phone
        case firstName = "first_name", lastName = "last_name", deviceID = "device_id", accountID = "account_id", requestedAt = "requested_at"
        case requestID = "request_id", description, address, latitude, longitude
    }
    typealias Columns = CodingKeys

    /// Whether the request opened its case (its id is the case's) or follows one opened before it.
    var follows: Bool { requestID != caseID }
}
