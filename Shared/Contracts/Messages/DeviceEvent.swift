public import Envelope

/// The `data` of a sensor or gate event sent to intake: an alarm (`whistle.sensor.smoke`,
/// `whistle.gate.forced-open` …; the city file says which types mean which category), a gate passage
/// (`whistle.gate.passage`) or a heartbeat (`whistle.device.heartbeat`). A device in the registry needs no
/// location: its grid and place come from its entry.
public struct DeviceEvent: MessageContract, Equatable {
    public static let messageName = "device-event"
    public static let summary = "The data of a sensor or access-control gate event sent to intake."
    /// Gate event types start with this; other device types are sensors.
    public static let gateTypePrefix = "whistle.gate."
    /// A gate's passage: resets a cared-for resident's absence watch; a blacklisted card raises an anomaly.
    public static let passageType = "whistle.gate.passage"
    /// Any device's sign of life: resets its silence watch, opens nothing.
    public static let heartbeatType = "whistle.device.heartbeat"
    /// What intake counts a passage with a blacklisted card as (a category's sensors name it).
    public static let blacklistedType = "whistle.gate.blacklisted"

    public var device: String?
    public var longitude, latitude: Double?
    public var address, grid, description: String?
    /// What the sensor measured (smoke density, water level, gas concentration; seconds a gate was held
    /// open). Under its type's threshold it opens no case.
    public var reading: Double?
    /// `alarm` (the default) or `cleared`: back to normal.
    public var state: DeviceState?
    /// The card a gate read (passages; checked against the city's blacklist).
    public var card: String?

    public init(device: String? = nil, longitude: Double? = nil, latitude: Double? = nil, address: String? = nil,
                grid: String? = nil, description: String? = nil, reading: Double? = nil, state: DeviceState? = nil, card: String? = nil) {
        (self.device, self.longitude, self.latitude, self.address) = (device, longitude, latitude, address)
        (self.grid, self.description, self.reading, self.state, self.card) = (grid, description, reading, state, card)
    }
}

/// A device's state as it reports it.
public enum DeviceState: String, ContractEnum {
    case alarm, cleared
}
