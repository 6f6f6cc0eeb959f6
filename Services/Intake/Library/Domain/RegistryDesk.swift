public import CityModel
public import Contracts
public import Foundation

/// Device commands: what registering or retiring a device does to the registry, or why it cannot.
public enum RegistryDesk {
    /// What a device command does: the registry change, the watches it arms or drops (a new device's silence
    /// is watched from now), the device heard (registration counts as a sign of life), and the answer.
    public struct Outcome: Sendable, Equatable {
        public var change: Change
        public var watches: [WatchChange]
        public var heard: String?
        public var reply: CommandReply
    }

    /// Decides a device command against the registry as it stands.
    public static func decide(_ command: DeviceCommand, existing: City.Device?, retired: Bool, city: City, now: Date) throws(Refused) -> Outcome {
        let change = try apply(command, existing: existing, retired: retired, city: city)
        var watches: [WatchChange] = [], heard: String?
        switch change {
        case .register(let device):
            watches = IntakeDesk.rearmed(device, passage: false, in: city, now: now)
            heard = device.id
        case .retire(let id):
            watches = [.drop(.silence, subject: id)]
        case .none:
            break
        }
        let reply = CommandReply.ok(command.command, caseID: nil, device: command.device,
                                    state: command.action == .register ? "registered" : "retired")
        return Outcome(change: change, watches: watches, heard: heard, reply: reply)
    }

    /// What a device command changes.
    public enum Change: Sendable, Equatable {
        case register(City.Device)
        case retire(String)
        /// The registry already says so (a repeated registration with the same particulars, a retired device retired again).
        case none
    }

    /// `existing` is the device's entry in service (nil when unknown or retired); `retired` whether it has a retired row.
    public static func apply(_ command: DeviceCommand, existing: City.Device?, retired: Bool, city: City) throws(Refused) -> Change {
        switch command.action {
        case .register:
            guard let type = command.type, let grid = command.grid else {
                throw Refused(.missingDetail, "register needs the device's type and grid")
            }
            guard !command.device.isEmpty, command.device.count <= 128 else { throw Refused(.invalidDevice, "a device id is 1–128 characters") }
            guard city.location(ofGrid: grid) != nil else { throw Refused(.invalidDevice, "unknown grid '\(grid.prefix(40))'") }
            guard city.knowsDeviceType(type) else {
                throw Refused(.invalidDevice, "type '\(type.prefix(80))' is neither a category's sensor type nor a family of them (whistle.gate)")
            }
            guard (command.longitude == nil) == (command.latitude == nil) else {
                throw Refused(.invalidDevice, "longitude and latitude come together")
            }
            if let longitude = command.longitude, let latitude = command.latitude,
               city.locate(longitude: longitude, latitude: latitude)?.grid != grid {
                throw Refused(.invalidDevice, "the coordinates are not inside grid \(grid)")
            }
            let device = City.Device(id: command.device, type: type, grid: grid, building: command.building, owner: command.owner,
                                     longitude: command.longitude, latitude: command.latitude)
            if let existing, existing.owner != device.owner {
                throw Refused(.forbidden, "device '\(device.id)' belongs to '\(existing.owner ?? "the city")'")
            }
            return existing == device ? .none : .register(device)
        case .retire:
            guard let existing else {
                if retired { return .none }
                throw Refused(.unknownDevice, "device '\(command.device.prefix(128))' is not in the registry")
            }
            if let owner = command.owner, existing.owner != owner {
                throw Refused(.forbidden, "device '\(existing.id)' belongs to '\(existing.owner ?? "the city")', not to '\(owner)'")
            }
            return .retire(existing.id)
        }
    }
}

/// A device as intake's registry holds it: in service, or retired.
public struct StoredDevice: Sendable, Equatable {
    public var device: City.Device
    public var retired: Bool

    public init(device: City.Device, retired: Bool) { (self.device, self.retired) = (device, retired) }
}

/// Which watch: its kind and whom it watches.
public struct WatchKey: Sendable, Hashable {
    public var kind: WatchKind
    public var subject: String

    public init(kind: WatchKind, subject: String) { (self.kind, self.subject) = (kind, subject) }
}

extension RegistryDesk {
    /// Bringing the registry up to the city file at start: the devices to register or update, the watches to
    /// arm (those not armed yet, as if heard now) and drop (nothing calls for them any more), and the devices
    /// in service after it.
    public struct BringUp: Sendable, Equatable {
        public var registered: [City.Device] = []
        public var watches: [WatchChange] = []
        public var inService: [City.Device] = []
    }

    /// A device the file lists is registered, or updated, unless a command retired it; a watch already stored
    /// (armed, or fired and waiting for a sign of life) stays as it is.
    public static func bringUp(_ city: City, stored: [StoredDevice], watches: Set<WatchKey>, now: Date) -> BringUp {
        var plan = BringUp()
        var byID = Dictionary(stored.map { ($0.device.id, $0) }, uniquingKeysWith: { _, last in last })
        for device in city.devices?.registry ?? [] {
            if let existing = byID[device.id], existing.retired || existing.device == device { continue }
            plan.registered.append(device)
            byID[device.id] = StoredDevice(device: device, retired: false)
        }
        plan.inService = byID.values.filter { !$0.retired }.map(\.device).sorted { $0.id < $1.id }
        let wanted = WatchDesk.watches(in: city, devices: plan.inService, from: now)
        let wantedKeys = Set(wanted.map { WatchKey(kind: $0.kind, subject: $0.subject) })
        plan.watches = watches.subtracting(wantedKeys).sorted { ($0.kind.rawValue, $0.subject) < ($1.kind.rawValue, $1.subject) }
            .map { .drop($0.kind, subject: $0.subject) }
            + wanted.filter { !watches.contains(WatchKey(kind: $0.kind, subject: $0.subject)) }.map { .arm($0.kind, subject: $0.subject, due: $0.due) }
        return plan
    }
}
