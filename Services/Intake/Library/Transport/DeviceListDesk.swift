import CityModel
import Contracts
import Credentials
import Envelope
import Foundation
import ServiceKit

/// `GET /devices` on intake's operations address: the registry in service, with each device's last state, when it was
/// last heard and whether it went silent — `area` (a grid, community, street or the district) and `silent=1` narrow it.
/// With keys, operators and services read every device, a grid worker or an office its area's, an integrator its own.
struct DeviceListDesk: Sendable {
    let store: IntakeStore
    let city: City

    @Sendable func devices(_ parameters: [String: String], caller: Certificate?) throws -> Data {
        try ReportPeriod.check(parameters, known: ["area", "silent"])
        var region: City.Region?
        if let code = parameters["area"] {
            guard let found = city.region(code) else {
                throw OperationsServer.BadQuery("'area' must be a grid, community or street of the city, or the district; '\(code.prefix(40))' is none")
            }
            region = found
        }
        guard [nil, "0", "1"].contains(parameters["silent"]) else { throw OperationsServer.BadQuery("'silent' is 1 (only the silent ones) or 0") }
        let may = try Self.reach(caller, city: city)
        let places = Dictionary(uniqueKeysWithValues: city.gridLocations.map { ($0.grid, $0) })
        let entries = try store.devicesInService().compactMap { row -> DeviceEntry? in
            guard let location = places[row.device.grid], region?.covers(location) ?? true, may(row.device, location) else { return nil }
            let silent = row.watch.map { !$0.armed } ?? false
            guard parameters["silent"] != "1" || silent else { return nil }
            return DeviceEntry(device: row.device.id, type: row.device.type, location: location, building: row.device.building, owner: row.device.owner,
                               registeredAt: row.registeredAt, state: row.state, heardAt: row.heardAt, silent: silent, silentAt: row.watch?.due)
        }
        return try JSONValueEncoder().encode(DeviceList(devices: entries)).jsonData()
    }

    /// Which devices the caller reads.
    static func reach(_ caller: Certificate?, city: City) throws(OperationsServer.Forbidden) -> @Sendable (City.Device, GridLocation) -> Bool {
        guard let caller else { return { _, _ in true } }
        switch caller.role {
        case .operator, .service: return { _, _ in true }
        case .integrator: return { device, _ in device.owner == caller.identity }
        case .staff:
            guard let staff = city.staff(caller.identity) else { throw OperationsServer.Forbidden("'\(caller.identity)' reads no devices") }
            return { _, location in staff.covers(location) }
        case .department:
            throw OperationsServer.Forbidden("a department's key ('\(caller.identity)') does not read the device registry")
        }
    }
}
