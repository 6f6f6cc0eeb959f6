public import Envelope
public import Foundation

/// The device registry as intake keeps it (`GET /devices` on intake's HTTP address, `whistle device list`): each device
/// in service with where it is, who runs it, what it last said and when, and whether it has gone silent.
public struct DeviceList: MessageContract, Equatable {
    public static let messageName = "device-list"
    public static let summary = "The registered sensors and gates: place, owner, last state and when last heard, silent or not."

    public var devices: [DeviceEntry]

    public init(devices: [DeviceEntry]) { self.devices = devices }
}

/// One registered device.
public struct DeviceEntry: Codable, Sendable, Equatable {
    public var device, type, street, community, grid: String
    public var building, owner: String?
    public var registeredAt: Date
    /// `alarm` or `cleared`: what it last said; absent before it said either.
    public var state: String?
    /// When it was last heard (any event, heartbeats included); absent when never.
    public var heardAt: Date?
    /// Its silence watch fired: not heard for its type's `silentAfter` (a maintenance case was opened), nothing since.
    public var silent: Bool
    /// When it counts as silent unless heard first; absent when its type has no `silentAfter`, or once it is silent.
    public var silentAt: Date?

    public init(device: String, type: String, location: GridLocation, building: String?, owner: String?, registeredAt: Date, state: String?,
                heardAt: Date?, silent: Bool, silentAt: Date?) {
        (self.device, self.type, self.street, self.community, self.grid) = (device, type, location.street, location.community, location.grid)
        (self.building, self.owner, self.registeredAt, self.state, self.heardAt) = (building, owner, registeredAt, state, heardAt)
        (self.silent, self.silentAt) = (silent, silentAt)
    }

    public var location: GridLocation { GridLocation(street: street, community: community, grid: grid) }
}
