public import CityModel
import Contracts
public import Foundation
public import GRDB
public import Messaging
import StoreKit
import Timekeeping

extension ServiceStore where Schema == IntakeSchema {
    /// Brings the registry up to the city file (a device the file lists is registered, or updated, unless
    /// a command retired it), arms every watch not armed yet as if heard now, drops watches nothing calls
    /// for any more, and returns the devices in service.
    public func prepareDevices(city: City, now: Date) throws -> [City.Device] {
        try database.write { db in
            for device in city.devices?.registry ?? [] {
                if var existing = try DeviceRecord.fetchOne(db, key: device.id) {
                    guard existing.retiredAt == nil, existing.device != device else { continue }
                    let registeredAt = existing.registeredAt
                    existing = DeviceRecord(device, at: registeredAt)
                    try existing.update(db)
                } else {
                    var record = DeviceRecord(device, at: now)
                    try record.insert(db)
                }
            }
            let devices = try DeviceRecord.filter(DeviceRecord.Columns.retiredAt == nil).fetchAll(db).map(\.device)
            let wanted = WatchDesk.watches(in: city, devices: devices, from: now)
            let keys = Set(wanted.map { "\($0.kind.rawValue)/\($0.subject)" })
            for watch in try WatchRecord.fetchAll(db) where !keys.contains("\(watch.kind)/\(watch.subject)") {
                try watch.delete(db)
            }
            for watch in wanted {
                try db.execute(sql: "INSERT OR IGNORE INTO intake_watch (kind, subject, due_at) VALUES (?, ?, ?)",
                               arguments: [watch.kind.rawValue, watch.subject, watch.due.timeIntervalSince1970])
            }
            return devices
        }
    }

    /// A device was heard: its memory (for alarms) and when it was heard are kept, its silence watch is
    /// re-armed, and a passage re-arms the absence watch of every resident under care at that gate.
    func heard(_ db: Database, device: String, registered: City.Device?, passage: Bool, memory: DeviceMemory?, city: City, now: Date) throws {
        let kept = try memory ?? DeviceMemoryRecord.fetchOne(db, key: device)?.memory ?? DeviceMemory()
        var record = DeviceMemoryRecord(device: device, kept, heardAt: now)
        try record.save(db)
        guard let registered else { return }
        if let due = WatchDesk.silenceDue(registered, in: city, heardAt: now) { try arm(db, .silence, registered.id, due: due) }
        if passage {
            for (resident, due) in WatchDesk.absencesDue(atGate: registered.id, in: city, passedAt: now) { try arm(db, .absence, resident, due: due) }
        }
    }

    private func arm(_ db: Database, _ kind: WatchKind, _ subject: String, due: Date) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO intake_watch (kind, subject, due_at) VALUES (?, ?, ?)")
            .execute(arguments: [kind.rawValue, subject, due.timeIntervalSince1970])
    }

    /// Fires up to `limit` watches due at `now`, earliest first, in one transaction: each is disarmed in the
    /// transaction that opens its case, so it opens one case however often intake is killed and restarted,
    /// and one that fell due while intake was down fires at start. Returns how many were taken.
    public func fireDueWatches(at now: Date, city: City, devices: some DeviceDirectory, limit: Int = 200) throws -> Int {
        try database.write { db in
            let due = try WatchRecord.filter(WatchRecord.Columns.dueAt <= now.timeIntervalSince1970)
                .order(WatchRecord.Columns.dueAt).limit(limit).fetchAll(db)
            for watch in due {
                try db.cachedStatement(sql: "UPDATE intake_watch SET due_at = NULL WHERE kind = ? AND subject = ?")
                    .execute(arguments: [watch.kind, watch.subject])
                guard let kind = WatchKind(rawValue: watch.kind), let dueAt = watch.dueAt,
                      let triage = WatchDesk.fired(kind, subject: watch.subject, in: city, devices: devices) else { continue }
                let source = SourceEvent(source: "/whistle/intake/watch", id: "\(kind.rawValue)/\(watch.subject)/\(Int(dueAt.timeIntervalSince1970))",
                                         type: "whistle.watch.\(kind.rawValue)")
                _ = try openCase(db, triage, source: source, now: now)
            }
            return due.count
        }
    }

    /// The watches armed, earliest first: kind, subject and when each is due (nil: fired, waiting for a sign of life).
    public func watches() throws -> [(kind: String, subject: String, due: Date?)] {
        try database.read { db in
            try WatchRecord.order(WatchRecord.Columns.dueAt, WatchRecord.Columns.subject).fetchAll(db).map { ($0.kind, $0.subject, $0.dueAt) }
        }
    }

    /// Registers a device, or changes its particulars; a retired one comes back into service.
    func register(_ db: Database, _ device: City.Device, now: Date) throws {
        var record = DeviceRecord(device, at: now)
        try record.save(db)
    }

    /// Retires a device: it keeps its row and history; its silence watch goes.
    func retire(_ db: Database, _ id: String, now: Date) throws {
        try DeviceRecord.filter(DeviceRecord.Columns.id == id).updateAll(db, DeviceRecord.Columns.retiredAt.set(to: now.timeIntervalSince1970))
        try WatchRecord.filter(WatchRecord.Columns.kind == WatchKind.silence.rawValue && WatchRecord.Columns.subject == id).deleteAll(db)
    }

    /// The device's registry row as it stands (retired ones too).
    func deviceRecord(_ db: Database, _ id: String) throws -> DeviceRecord? { try DeviceRecord.fetchOne(db, key: id) }
}
