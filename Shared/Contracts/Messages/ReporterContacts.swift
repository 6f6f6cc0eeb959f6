public import Envelope

/// `GET /contacts/<case>` on intake's HTTP address: the reporters of a case and their contact, unmasked.
/// Only the case's lead department (主办) reads it — everyone else sees the masked `contact` of
/// `whistle.case.reported` and its tasks. Intake is the only place the numbers are kept.
public struct ReporterContacts: MessageContract, Equatable {
    public static let messageName = "reporter-contacts"
    public static let summary = "The reporters of a case with their phone and e-mail, for its lead department only."

    public var caseID: String
    /// The lead department as intake last heard from dispatch.
    public var lead: String?
    /// The first report and every report linked to the case since, oldest first.
    public var reporters: [ReporterContact]

    enum CodingKeys: String, CodingKey { case caseID = "case", lead, reporters }

    public init(caseID: String, lead: String?, reporters: [ReporterContact]) {
        (self.caseID, self.lead, self.reporters) = (caseID, lead, reporters)
    }
}

/// One reporter of a case: their reference, how to reach them, and where the report came from.
public struct ReporterContact: Codable, Sendable, Equatable {
    public var reporter, phone, email: String?
    /// The CloudEvent `source` of the report (`/apps/resident/r-001`, `/open311/hotline`).
    public var source: String

    public init(reporter: String?, phone: String?, email: String?, source: String) {
        (self.reporter, self.phone, self.email, self.source) = (reporter, phone, email, source)
    }
}
