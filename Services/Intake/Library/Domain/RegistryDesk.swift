public import CityModel
public import Contracts

/// Device commands: what registering or retiring a device does to the registry, or why it cannot.
public enum RegistryDesk {
    /// What a device command changes.
    public enum Change: Sendable, Equatable {
        case register(City.Device)
        case retire(String)
        /// The registry already says so (a repeated registration with the same particulars, a retired device retired again).
        case none
    }

    /// `existing` is the device's entry in service (nil when unknown or retired); `retired` whether it has a retired row.
    public static func apply(_ command: DeviceCommand, existing: City.Device?, retired: Bool, city: City) throws(CommandRefused) -> Change {
        switch command.action {
        case .register:
            guard let type = command.type, let grid = command.grid else {
                throw CommandRefused(.missingDetail, "register needs the device's type and grid")
            }
            guard !command.device.isEmpty, command.device.count <= 128 else { throw CommandRefused(.invalidDevice, "a device id is 1–128 characters") }
            guard city.location(ofGrid: grid) != nil else { throw CommandRefused(.invalidDevice, "unknown grid '\(grid.prefix(40))'") }
            guard city.knowsDeviceType(type) else {
                throw CommandRefused(.invalidDevice, "type '\(type.prefix(80))' is neither a category's sensor type nor a family of them (whistle.gate)")
            }
            guard (command.longitude == nil) == (command.latitude == nil) else {
                throw CommandRefused(.invalidDevice, "longitude and latitude come together")
            }
            if let longitude = command.longitude, let latitude = command.latitude,
               city.locate(longitude: longitude, latitude: latitude)?.grid != grid {
                throw CommandRefused(.invalidDevice, "the coordinates are not inside grid \(grid)")
            }
            let device = City.Device(id: command.device, type: type, grid: grid, building: command.building, owner: command.owner,
                                     longitude: command.longitude, latitude: command.latitude)
            if let existing, existing.owner != device.owner {
                throw CommandRefused(.forbidden, "device '\(device.id)' belongs to '\(existing.owner ?? "the city")'")
            }
            return existing == device ? .none : .register(device)
        case .retire:
            guard let existing else {
                if retired { return .none }
                throw CommandRefused(.unknownDevice, "device '\(command.device.prefix(128))' is not in the registry")
            }
            if let owner = command.owner, existing.owner != owner {
                throw CommandRefused(.forbidden, "device '\(existing.id)' belongs to '\(existing.owner ?? "the city")', not to '\(owner)'")
            }
            return .retire(existing.id)
        }
    }
}
