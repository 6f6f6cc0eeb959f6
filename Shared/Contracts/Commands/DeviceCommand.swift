public import Envelope

/// Registers a device with intake, or retires one, on intake's command endpoint. An integrator registers
/// and retires only devices it owns (its key's identity is the owner); an operator any.
///
///     {"command":"d-1","action":"register","device":"yg-g05-0102","type":"whistle.sensor.smoke","grid":"g05","building":"5号楼"}
///     {"command":"d-2","action":"retire","device":"yg-g05-0102"}
public struct DeviceCommand: CommandContract, Equatable {
    public static let commandName = "device-command"
    public static let summary = "Register a sensor or gate in intake's device registry (id, type, grid, place, owner), or retire one."

    public var command, device: String
    public var action: DeviceAction
    /// What the device sends: an event type (`whistle.sensor.smoke`) or a family (`whistle.gate`, whose
    /// devices send `whistle.gate.*`). Required to register.
    public var type: String?
    /// Where it is fixed: its grid (required to register), building, and coordinates.
    public var grid, building: String?
    public var longitude, latitude: Double?
    /// The integrator that runs it (default: the sender's identity).
    public var owner: String?

    public init(command: String, device: String, action: DeviceAction, type: String? = nil, grid: String? = nil,
                building: String? = nil, longitude: Double? = nil, latitude: Double? = nil, owner: String? = nil) {
        (self.command, self.device, self.action, self.type, self.grid) = (command, device, action, type, grid)
        (self.building, self.longitude, self.latitude, self.owner) = (building, longitude, latitude, owner)
    }
}

/// What a device command does.
public enum DeviceAction: String, ContractEnum {
    case register, retire
}
