import CityModel
import Contracts
import Foundation
import GRDB
import StoreKit

/// A device in the registry (table `intake_device`); a retired one keeps its row with `retired_at`.
struct DeviceRecord: StoredRecord {
    static let databaseTableName = "intake_device"
    var id, type, grid: String
    var building, owner: String?
    var longitude, latitude: Double?
    var registeredAt: Date
    var retiredAt: Date?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, type, grid, building, owner, longitude, latitude, registeredAt = "registered_at", retiredAt = "retired_at"
    }
    typealias Columns = CodingKeys

    init(_ device: City.Device, at time: Date) {
        (id, type, grid, building, owner, longitude, latitude) = (device.id, device.type, device.grid, device.building, device.owner,
                                                                   device.longitude, device.latitude)
        (registeredAt, retiredAt) = (time, nil)
    }

    var device: City.Device {
        City.Device(id: id, type: type, grid: grid, building: building, owner: owner, longitude: longitude, latitude: latitude)
    }
}

/// What a device said last and when it was last heard (table `intake_device_memory`), registered or not.
struct DeviceMemoryRecord: StoredRecord {
    static let databaseTableName = "intake_device_memory"
    var device: String
    var state: String?
    /// The recent state changes, seconds since 1970, as a JSON array.
    var changes: String
    var heardAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression { case device, state, changes, heardAt = "heard_at" }
    typealias Columns = CodingKeys

    init(device: String, _ memory: DeviceMemory, heardAt: Date) {
        self.device = device
        state = memory.state?.rawValue
        changes = "[" + memory.changes.map { String($0.timeIntervalSince1970) }.joined(separator: ",") + "]"
        self.heardAt = heardAt
    }

    var memory: DeviceMemory {
        let times = changes.dropFirst().dropLast().split(separator: ",").compactMap { Double($0) }.map(Date.init(timeIntervalSince1970:))
        return DeviceMemory(state: state.flatMap(DeviceState.init(rawValue:)), changes: times)
    }
}

/// A durable watch (table `intake_watch`): a silent device's or a cared-for resident's. `due_at` is when
/// it fires unless the device is heard (or the resident's gate passed) first; NULL once it fired, until
/// the next sign of life arms it again — so it opens one case per silence.
struct WatchRecord: StoredRecord {
    static let databaseTableName = "intake_watch"
    var kind: String
    var subject: String
    var dueAt: Date?

    enum CodingKeys: String, CodingKey, ColumnExpression { case kind, subject, dueAt = "due_at" }
    typealias Columns = CodingKeys
}
