import CityModel
import Contracts
public import Foundation
public import GRDB
public import Messaging
import StoreKit

/// The device registry and the watches, as intake stores them.
extension ServiceStore where Schema == IntakeSchema {
    /// Every device with a row, in service or retired.
    public func registry(_ db: Database) throws -> [StoredDevice] {
        try DeviceRecord.fetchAll(db).map { StoredDevice(device: $0.device, retired: $0.retiredAt != nil) }
    }

    /// The watches stored: kind and subject of each.
    public func watchKeys(_ db: Database) throws -> Set<WatchKey> {
        Set(try WatchRecord.fetchAll(db).compactMap { record in WatchKind(rawValue: record.kind).map { WatchKey(kind: $0, subject: record.subject) } })
    }

    /// Up to `limit` watches due at `now`, earliest first.
    public func dueWatches(_ db: Database, at now: Date, limit: Int) throws -> [DueWatch] {
        try WatchRecord.filter(WatchRecord.Columns.dueAt <= now.timeIntervalSince1970).order(WatchRecord.Columns.dueAt).limit(limit).fetchAll(db)
            .compactMap { record in
                guard let kind = WatchKind(rawValue: record.kind), let due = record.dueAt else { return nil }
                return DueWatch(kind: kind, subject: record.subject, dueAt: due)
            }
    }

    /// Records what bringing the registry up to the city file decided.
    public func record(_ db: Database, _ plan: RegistryDesk.BringUp, at now: Date) throws {
        for device in plan.registered { try register(db, device, at: now) }
        for change in plan.watches { try record(db, change) }
    }

    /// Records a device command's outcome: the registry row, the watches, the device heard.
    func record(_ db: Database, _ outcome: RegistryDesk.Outcome, at now: Date) throws {
        switch outcome.change {
        case .register(let device): try register(db, device, at: now)
        case .retire(let id):
            try DeviceRecord.filter(DeviceRecord.Columns.id == id).updateAll(db, DeviceRecord.Columns.retiredAt.set(to: now.timeIntervalSince1970))
        case .none: break
        }
        if let device = outcome.heard {
            _ = try DeviceMemoryRecord(device: device, try memory(db, of: device), heardAt: now).saved(db)
        }
        for change in outcome.watches { try record(db, change) }
    }

    /// A device registered, or its particulars changed (a retired one back in service); it keeps when it was first registered.
    private func register(_ db: Database, _ device: City.Device, at now: Date) throws {
        let first = try DeviceRecord.fetchOne(db, key: device.id)?.registeredAt ?? now
        _ = try DeviceRecord(device, at: first).saved(db)
    }

    /// The watches armed, earliest first: kind, subject and when each is due (nil: fired, waiting for a sign of life).
    public func watches() throws -> [(kind: String, subject: String, due: Date?)] {
        try database.read { db in
            try WatchRecord.order(WatchRecord.Columns.dueAt, WatchRecord.Columns.subject).fetchAll(db).map { ($0.kind, $0.subject, $0.dueAt) }
        }
    }

    /// The devices in service with what they last said, when they were last heard and their silence watch, by id.
    func devicesInService() throws -> [(device: City.Device, registeredAt: Date, state: String?, heardAt: Date?, watch: (armed: Bool, due: Date?)?)] {
        try database.read { db in
            let memory = Dictionary(uniqueKeysWithValues: try DeviceMemoryRecord.fetchAll(db).map { ($0.device, $0) })
            let silence = Dictionary(uniqueKeysWithValues: try WatchRecord.filter(WatchRecord.Columns.kind == WatchKind.silence.rawValue).fetchAll(db)
                .map { ($0.subject, $0.dueAt) })
            return try DeviceRecord.filter(DeviceRecord.Columns.retiredAt == nil).order(DeviceRecord.Columns.id).fetchAll(db).map { row in
                (row.device, row.registeredAt, memory[row.id]?.state, memory[row.id]?.heardAt, silence[row.id].map { (armed: $0 != nil, due: $0) })
            }
        }
    }

    /// The device's registry row as it stands (retired ones too).
    func deviceRecord(_ db: Database, _ id: String) throws -> DeviceRecord? { try DeviceRecord.fetchOne(db, key: id) }
}

/// A watch that fell due.
public struct DueWatch: Sendable, Equatable {
    public let kind: WatchKind
    public let subject: String
    public let dueAt: Date
}
