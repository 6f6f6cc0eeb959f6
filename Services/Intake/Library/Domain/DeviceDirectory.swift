public import CityModel

/// Where intake looks a device up: the registry.
public protocol DeviceDirectory: Sendable {
    /// The device's entry, nil when it is not registered (or retired).
    func device(_ id: String) -> City.Device?
}
