import CityModel
import Contracts
public import Envelope
public import Foundation
public import GRDB
import Logging
public import Messaging
import StoreKit

/// Intake's own SQLite file: every event as received (keyed by CloudEvents `source` + `id`, with the
/// answer it got), the cases opened from them, the outbox that announces each case, each case's public
/// status (moved by dispatch's steps, which it consumes) and what Open311 requests said beyond their report.
public enum IntakeSchema: StoreSchema {
    public static let service = "intake"
    public static let tables: ServiceStoreTables = [.inbox]

    /// Intake's named migrations; a shipped one never changes.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
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
        migrator.registerMigration("intake-v2-public-view") { db in
            try db.execute(sql: """
                CREATE TABLE intake_public_status (
                    case_id TEXT PRIMARY KEY,
                    open INTEGER NOT NULL,
                    notes TEXT NOT NULL,
                    agency TEXT,
                    expected_at REAL,
                    updated_at REAL NOT NULL
                );
                INSERT INTO intake_public_status (case_id, open, notes, updated_at)
                    SELECT case_id, 1, 'received', created_at FROM intake_case WHERE case_id IS NOT NULL;
                CREATE TABLE intake_open311_request (
                    token TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL,
                    client TEXT NOT NULL,
                    service_code TEXT NOT NULL,
                    answers TEXT NOT NULL,
                    media_url TEXT, email TEXT, phone TEXT, first_name TEXT, last_name TEXT, device_id TEXT, account_id TEXT,
                    requested_at REAL NOT NULL
                );
                CREATE INDEX intake_open311_request_case ON intake_open311_request (case_id);
                CREATE INDEX intake_case_category ON intake_case (category, created_at);
                """)
        }
    }
}

public typealias IntakeStore = ServiceStore<IntakeSchema>

extension ServiceStore where Schema == IntakeSchema {


    /// The answer already given to this `source` + `id`, if any.
    public func previousReply(source: String, id: String) throws -> Data? {
        try database.read { db in try ReceivedEventRecord.fetchOne(db, key: ["source": source, "id": id])?.reply }
    }

    /// Stores the event and what intake decided about it — a new case with its `case.reported` event, or a
    /// repeated alarm joined to its open case — in one transaction, and returns the answer to send once
    /// committed.
    /// `attach` runs in the same transaction once the event is new and has its case (an Open311 request keeps
    /// its contact and answers there).
    public func accept(_ event: CloudEvent, payload: Data, triage: Triage, alarmWindow: TimeInterval, now: Date,
                       attach: Attachment? = nil) throws -> Data {
        try database.write { db in try record(db, event, payload: payload, triage: triage, alarmWindow: alarmWindow, now: now, attach: attach) }
    }

    /// Several events in one transaction (group commit), each as `accept` would take it, in order: an
    /// event repeated within them gets its first answer. Nothing is stored if any write fails.
    public func acceptAll(_ events: [(event: CloudEvent, payload: Data, triage: Triage)], alarmWindow: TimeInterval, now: Date) throws -> [Data] {
        try database.write { db in
            try events.map { try record(db, $0.event, payload: $0.payload, triage: $0.triage, alarmWindow: alarmWindow, now: now, attach: nil) }
        }
    }

    private func record(_ db: Database, _ event: CloudEvent, payload: Data, triage: Triage, alarmWindow: TimeInterval, now: Date,
                        attach: Attachment?) throws -> Data {
        if let earlier = try ReceivedEventRecord.fetchOne(db, key: ["source": event.source, "id": event.id]) {
            return earlier.reply
        }
        let caseID: String
        let decision = IntakeDesk.decide(triage, earlier: try earlierAlarm(db, triage), alarmWindow: alarmWindow, now: now)
        switch decision {
        case .join(let open):
            try IntakeCaseRecord.filter(IntakeCaseRecord.Columns.caseID == open)
                .updateAll(db, IntakeCaseRecord.Columns.alarmCount += 1)
            caseID = open
        case .openCase:
            var record = IntakeCaseRecord(triage, at: now)
            try record.insert(db)
            caseID = "\(outbox.producer)-\(record.number!)"
            record.caseID = caseID
            try record.update(db, columns: [IntakeCaseRecord.Columns.caseID])
            let source = SourceEvent(source: event.source, id: event.id, type: event.type)
            try outbox.append(db, triage.report(caseID: caseID, source: source), id: caseID, time: now)
            var status = PublicStatusRecord(caseID: caseID, .received(at: now))
            try status.insert(db)
        }
        try attach?(db, caseID)
        let reply = try JSONValueEncoder().encode(IntakeDesk.accepted(triage, caseID: caseID, joined: decision != .openCase)).jsonData()
        var received = ReceivedEventRecord(source: event.source, id: event.id, type: event.type, caseID: caseID, payload: payload,
                                           reply: reply, receivedAt: now)
        try received.insert(db)
        return reply
    }

    private func earlierAlarm(_ db: Database, _ triage: Triage) throws -> IntakeDesk.EarlierAlarm? {
        guard let device = triage.device else { return nil }
        let columns = IntakeCaseRecord.Columns.self
        return try IntakeCaseRecord.filter(columns.device == device && columns.category == triage.category.code)
            .order(columns.number.desc).fetchOne(db)
            .flatMap { record in record.caseID.map { IntakeDesk.EarlierAlarm(caseID: $0, openedAt: record.createdAt) } }
    }

    /// What else to keep with a new event, given its case id, in its transaction.
    public typealias Attachment = (Database, String) throws -> Void

    /// How many cases intake has opened.
    public func caseCount() throws -> Int { try database.read(IntakeCaseRecord.fetchCount) }
}
