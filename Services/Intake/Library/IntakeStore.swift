public import GRDB
public import Logging
public import Messaging
public import StoreKit
import CityModel
public import Foundation

/// Intake's own SQLite file: every event as received (keyed by CloudEvents `source` + `id`, with the
/// answer it got), the cases opened from them, and the outbox that announces each case.
public final class IntakeStore: Sendable {
    public let database: any DatabaseWriter
    public let outbox: Outbox

    public init(_ location: StoreLocation, producer: String, logger: Logger) throws {
        var migrator = DatabaseMigrator()
        Outbox.registerMigrations(in: &migrator)
        migrator.registerMigration("intake-v1") { db in
            try db.execute(sql: """
                CREATE TABLE intake_case (
                    number INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id TEXT UNIQUE,
                    category TEXT NOT NULL,
                    priority TEXT NOT NULL,
                    level TEXT NOT NULL,
                    street TEXT NOT NULL, community TEXT NOT NULL, grid TEXT NOT NULL,
                    longitude REAL, latitude REAL, address TEXT,
                    description TEXT NOT NULL,
                    reporter TEXT, device TEXT, origin TEXT NOT NULL,
                    alarm_count INTEGER NOT NULL DEFAULT 1,
                    created_at REAL NOT NULL
                );
                CREATE INDEX intake_case_device ON intake_case (device, category, created_at);
                CREATE TABLE intake_event (
                    source TEXT NOT NULL,
                    id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    case_id TEXT NOT NULL,
                    reply BLOB NOT NULL,
                    received_at REAL NOT NULL,
                    PRIMARY KEY (source, id)
                );
                """)
        }
        database = try StoreDatabase.open(location, durability: .full, migrator: migrator, logger: logger)
        outbox = try Outbox(producer: producer)
    }

    /// The answer already given to this `source` + `id`, if any.
    public func previousReply(source: String, id: String) throws -> Data? {
        try database.read { db in
            try Data.fetchOne(db, sql: "SELECT reply FROM intake_event WHERE source = ? AND id = ?", arguments: [source, id])
        }
    }

    /// Stores the event and its case (or joins a repeated alarm to its open case) and the
    /// `case.reported.<area>` event, in one transaction; returns the answer to send once committed.
    public func accept(_ event: CloudEvent, payload: Data, triage: Triage, alarmWindow: Double, now: Date = Date()) throws -> Data {
        try database.write { db in
            if let earlier = try Data.fetchOne(
                db, sql: "SELECT reply FROM intake_event WHERE source = ? AND id = ?", arguments: [event.source, event.id]) {
                return earlier
            }
            var joined = false
            var caseID: String
            if let device = triage.device, alarmWindow > 0,
               let open = try String.fetchOne(db, sql: """
                    SELECT case_id FROM intake_case WHERE device = ? AND category = ? AND created_at >= ?
                    ORDER BY number DESC LIMIT 1
                    """, arguments: [device, triage.category.code, now.timeIntervalSince1970 - alarmWindow]) {
                try db.execute(sql: "UPDATE intake_case SET alarm_count = alarm_count + 1 WHERE case_id = ?", arguments: [open])
                caseID = open
                joined = true
            } else {
                caseID = try insertCase(db, triage: triage, now: now)
                try outbox.append(db, topic: try Topic(["case", "reported"], area: triage.location.area).name,
                                  event: caseReported(caseID, triage: triage, origin: event, now: now))
            }
            let reply = IngestReply(
                status: "accepted", caseID: caseID, joined: joined, category: triage.category.code,
                grid: triage.location.grid, level: triage.category.level.rawValue,
                priority: triage.category.priority.rawValue
            ).encoded()
            try db.execute(
                sql: "INSERT INTO intake_event (source, id, type, payload, case_id, reply, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [event.source, event.id, event.type, payload, caseID, reply, now.timeIntervalSince1970])
            return reply
        }
    }

    private func insertCase(_ db: Database, triage: Triage, now: Date) throws -> String {
        try db.execute(
            sql: """
                INSERT INTO intake_case (category, priority, level, street, community, grid, longitude, latitude,
                    address, description, reporter, device, origin, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [triage.category.code, triage.category.priority.rawValue, triage.category.level.rawValue,
                        triage.location.street, triage.location.community, triage.location.grid, triage.longitude,
                        triage.latitude, triage.address, triage.description, triage.reporter, triage.device,
                        triage.origin, now.timeIntervalSince1970])
        let caseID = "\(outbox.producer)-\(db.lastInsertedRowID)"
        try db.execute(sql: "UPDATE intake_case SET case_id = ? WHERE number = ?", arguments: [caseID, db.lastInsertedRowID])
        return caseID
    }

    private func caseReported(_ caseID: String, triage: Triage, origin: CloudEvent, now: Date) -> CloudEvent {
        var data: [String: JSONValue] = [
            "case": .string(caseID), "category": .string(triage.category.code), "categoryName": .string(triage.category.name),
            "priority": .string(triage.category.priority.rawValue), "level": .string(triage.category.level.rawValue),
            "dispute": .bool(triage.category.isDispute), "street": .string(triage.location.street),
            "community": .string(triage.location.community), "grid": .string(triage.location.grid),
            "description": .string(triage.description), "origin": .string(triage.origin),
            "source": .object(["source": .string(origin.source), "id": .string(origin.id), "type": .string(origin.type)]),
        ]
        data["longitude"] = triage.longitude.map(JSONValue.number)
        data["latitude"] = triage.latitude.map(JSONValue.number)
        data["address"] = triage.address.map(JSONValue.string)
        data["reporter"] = triage.reporter.map(JSONValue.string)
        data["device"] = triage.device.map(JSONValue.string)
        return CloudEvent(
            id: caseID, source: "/whistle/intake/\(outbox.producer)", type: "whistle.case.reported", time: now,
            subject: caseID, data: .object(data))
    }
}
