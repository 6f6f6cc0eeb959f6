import Contracts
import Credentials
import Envelope
import Foundation
import ServiceKit

/// `GET /contacts/<case>` on intake's operations address: the reporters' contact, unmasked, for the case's
/// lead department alone (with keys; without keys the suite is a development one and loopback reads it).
struct ContactDesk: Sendable {
    let store: IntakeStore

    @Sendable func contacts(_ caseID: String, caller: Certificate?) throws -> Data? {
        guard let contacts = try store.reporterContacts(of: caseID) else { return nil }
        if let caller {
            guard caller.role == .department, let lead = contacts.lead, caller.identity == lead else {
                throw OperationsServer.Forbidden("only the lead department of case \(caseID) reads its reporters' contact"
                                                 + (contacts.lead.map { " (\($0))" } ?? " (none summoned yet)"))
            }
        }
        return try JSONValueEncoder().encode(contacts).jsonData()
    }
}
