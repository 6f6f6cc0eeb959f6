public import Envelope

/// A device that raised a case reported it is back to normal (`state: cleared`): intake publishes this on
/// `device.cleared.<street>.<community>.<grid>`, and dispatch records it as the case's `annotated` step.
/// The case stays with whoever holds it: someone must still check the place.
public struct DeviceCleared: EventContract, Equatable {
    public static let eventTypes = ["whistle.device.cleared"]
    public static let summary = "A device that raised an open case reported normal again; dispatch notes it on the case."

    public var caseID, device, street, community, grid: String
    /// The reading that cleared it, if the device measures one.
    public var reading: Double?
    public var note: String

    enum CodingKeys: String, CodingKey { case caseID = "case", device, street, community, grid, reading, note }

    public init(caseID: String, device: String, location: GridLocation, reading: Double?, note: String) {
        (self.caseID, self.device, self.reading, self.note) = (caseID, device, reading, note)
        (self.street, self.community, self.grid) = (location.street, location.community, location.grid)
    }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
    public var topic: Topic { Topics.topic(Topics.deviceCleared, location.area) }
    public var subject: String? { caseID }
}
