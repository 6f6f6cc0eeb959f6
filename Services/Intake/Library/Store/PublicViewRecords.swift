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

/// What an Open311 request said beyond the report: its client, answers, media and the reporter's contact,
/// kept here only (table `intake_open311_request`). Its token is the event id the request became.
struct Open311RequestRecord: StoredRecord {
    static let databaseTableName = "intake_open311_request"
    var token, caseID, client, serviceCode, answers: String
    var mediaURL, email, phone, firstName, lastName, deviceID, accountID: String?
    var requestedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case token, caseID = "case_id", client, serviceCode = "service_code", answers, mediaURL = "media_url", email, phone
        case firstName = "first_name", lastName = "last_name", deviceID = "device_id", accountID = "account_id", requestedAt = "requested_at"
    }
    typealias Columns = CodingKeys
}
