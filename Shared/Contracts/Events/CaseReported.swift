public import Envelope

/// A report or a device event that intake stored and understood: classified, located, prioritised.
/// Published once per case on `case.reported.<street>.<community>.<grid>`; dispatch and mediation take it.
public struct CaseReported: EventContract, Equatable {
    public static let eventTypes = ["whistle.case.reported"]
    public static let summary = "A report or device event became a case: classified, located and stored by intake."

    public var caseID, category, categoryName: String
    public var priority: Priority
    /// The rung the case starts on.
    public var level: HandlingLevel
    /// Disputes go to mediation instead of departments.
    public var dispute: Bool
    public var street, community, grid, description: String
    public var origin: Origin
    /// The CloudEvent it came from.
    public var source: SourceEvent
    public var longitude, latitude: Double?
    /// `reporter` is a reference (a resident id, an Open311 client's request), never a name.
    public var address, reporter, device: String?
    /// The reporter's phone, masked (138****5678): the number itself stays in intake.
    public var contact: String?
    /// The building the device that raised it is in (from the registry).
    public var building: String?
    /// The device is not in the registry; intake accepted it by configuration, flagged.
    public var unregistered: Bool?
    /// A grid worker settled it on the spot while patrolling: dispatch records it resolved at grid level.
    public var resolvedOnSpot: Bool?
    /// An emergency: notifications about it are sent as critical (they skip quiet hours and digests).
    public var critical: Bool?

    enum CodingKeys: String, CodingKey {
        case caseID = "case", category, categoryName, priority, level, dispute, street, community, grid, description, origin
        case source, longitude, latitude, address, reporter, device, contact, building, unregistered, resolvedOnSpot, critical
    }

    public init(
        caseID: String, category: String, categoryName: String, priority: Priority, level: HandlingLevel, dispute: Bool,
        location: GridLocation, description: String, origin: Origin, source: SourceEvent, longitude: Double? = nil, latitude: Double? = nil,
        address: String? = nil, reporter: String? = nil, device: String? = nil
    ) {
        (self.caseID, self.category, self.categoryName, self.priority) = (caseID, category, categoryName, priority)
        (self.level, self.dispute, self.description, self.origin, self.source) = (level, dispute, description, origin, source)
        (self.street, self.community, self.grid) = (location.street, location.community, location.grid)
        (self.longitude, self.latitude, self.address, self.reporter, self.device) = (longitude, latitude, address, reporter, device)
    }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
    public var topic: Topic { Topics.topic(Topics.caseReported, location.area) }
    public var subject: String? { caseID }
}

/// The CloudEvent a case came from: its `source`, `id` and `type`.
public struct SourceEvent: Codable, Sendable, Hashable {
    public var source, id, type: String

    public init(source: String, id: String, type: String) {
        (self.source, self.id, self.type) = (source, id, type)
    }
}
