public import Contracts
import Envelope
import Foundation
import GRDB
public import Messaging

extension ServiceStore where Schema == IntakeSchema {
    /// The e-mail the Open311 request of `token` left, nil for none (or no such request).
    func requesterEmail(token: String) throws -> String? {
        try database.read { db in try Open311RequestRecord.fetchOne(db, key: token)?.email }
    }

    /// The reporters of a case as intake keeps them — the report that opened it and every one linked to it,
    /// oldest first — with the lead department intake last heard of; nil for a case intake does not know.
    public func reporterContacts(of caseID: String) throws -> ReporterContacts? {
        try database.read { db in
            guard let status = try PublicStatusRecord.fetchOne(db, key: caseID) else { return nil }
            let events = try ReceivedEventRecord.filter(ReceivedEventRecord.Columns.caseID == caseID)
                .order(ReceivedEventRecord.Columns.receivedAt).fetchAll(db)
            let reporters = try events.compactMap { received -> ReporterContact? in
                guard ResidentReport.origin(ofType: received.type) != nil,
                      let data = try? CloudEvent.decode(received.payload).data,
                      let report = try? JSONValueDecoder().decode(ResidentReport.self, from: data) else { return nil }
                let open311 = try Open311RequestRecord.fetchOne(db, key: received.id)
                return ReporterContact(reporter: report.reporter, phone: report.phone ?? open311?.phone, email: open311?.email,
                                       source: received.source)
            }
            return ReporterContacts(caseID: caseID, lead: status.lead, reporters: reporters)
        }
    }
}
