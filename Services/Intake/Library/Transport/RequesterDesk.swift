import Contracts
import Credentials
import Envelope
import Foundation
import GRDB
import ServiceKit

/// `GET /requesters/<reference>` on intake's operations address: the e-mail an Open311 requester left, for a service's key
/// alone — notification, telling them how their request goes (without keys the suite is a development one and loopback
/// reads it). Nil (404) for a reference intake does not know or a request without an e-mail.
struct RequesterDesk: Sendable {
    let store: IntakeStore

    @Sendable func requester(_ reference: String, caller: Certificate?) throws -> Data? {
        if let caller, caller.role != .service {
            throw OperationsServer.Forbidden("an Open311 requester's address is read by notification (a service key), not by '\(caller.identity)'")
        }
        guard let token = RequesterReference.token(of: reference), let email = try store.requesterEmail(token: token) else { return nil }
        return try JSONValueEncoder().encode(RequesterAddress(requester: reference, email: email)).jsonData()
    }
}
