public import CityModel
import Synchronization

/// The live registry: loaded from intake's store at start, changed only after a device command's
/// transaction commits, read by every ingest without touching the database. (Built from a city file's
/// `devices.registry`, it is that file's registry, for decisions taken without a store.)
public final class DeviceRegistry: DeviceDirectory {
    private let devices: Mutex<[String: City.Device]>

    public init(_ devices: [City.Device]) {
        self.devices = Mutex(Dictionary(devices.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last }))
    }

    public func device(_ id: String) -> City.Device? { devices.withLock { $0[id] } }

    public var all: [City.Device] { devices.withLock { Array($0.values) } }

    func register(_ device: City.Device) { devices.withLock { $0[device.id] = device } }

    func retire(_ id: String) { _ = devices.withLock { $0.removeValue(forKey: id) } }
}
