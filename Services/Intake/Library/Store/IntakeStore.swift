import CityModel
import Contracts
public import Envelope
public import Foundation
public import GRDB
import Logging
public import Messaging
import StoreKit

/// Intake's own SQLite file: every event as received (keyed by CloudEvents `source` + `id`, with the
/// answer it got), the cases opened from them, and the outbox that announces each case.
public enum IntakeSchema: StoreSchema {
    public static let service = "intake"
    public static let tables: ServiceStoreTables = []

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
    public func accept(_ event: CloudEvent, payload: Data, triage: Triage, alarmWindow: TimeInterval, now: Date) throws -> Data {
        try database.write { db in
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
            }
            let reply = try JSONValueEncoder().encode(IntakeDesk.accepted(triage, caseID: caseID, joined: decision != .openCase)).jsonData()
            var received = ReceivedEventRecord(source: event.source, id: event.id, type: event.type, caseID: caseID, payload: payload,
                                               reply: reply, receivedAt: now)
            try received.insert(db)
            return reply
        }
    }

    private func earlierAlarm(_ db: Database, _ triage: Triage) throws -> IntakeDesk.EarlierAlarm? {
        guard let device = triage.device else { return nil }
        let columns = IntakeCaseRecord.Columns.self
        return try IntakeCaseRecord.filter(columns.device == device && columns.category == triage.category.code)
            .order(columns.number.desc).fetchOne(db)
            .flatMap { record in record.caseID.map { IntakeDesk.EarlierAlarm(caseID: $0, openedAt: record.createdAt) } }
    }

    /// How many cases intake has opened.
    public func caseCount() throws -> Int { try database.read(IntakeCaseRecord.fetchCount) }
}
