public import Envelope

/// A resident reported a problem intake linked to an open case near it (a duplicate): they follow that
/// case from now on. Published by intake on `case.followed.<street>.<community>.<grid>`; notification
/// tells them, and sends them every later notice about the case as it does its reporter.
public struct CaseFollowed: EventContract, Equatable {
    public static let eventTypes = ["whistle.case.followed"]
    public static let summary = "A resident's report was linked to an open case near it; they follow that case from now on."

    public var caseID, reporter, category, street, community, grid: String
    /// The CloudEvent of the linked report.
    public var source: SourceEvent

    enum CodingKeys: String, CodingKey { case caseID = "case", reporter, category, street, community, grid, source }

    public init(caseID: String, reporter: String, category: String, location: GridLocation, source: SourceEvent) {
        (self.caseID, self.reporter, self.category, self.source) = (caseID, reporter, category, source)
        (self.street, self.community, self.grid) = (location.street, location.community, location.grid)
    }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
    public var topic: Topic { Topics.topic(Topics.caseFollowed, location.area) }
    public var subject: String? { caseID }
}
