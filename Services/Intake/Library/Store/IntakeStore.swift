import CityModel
public import Contracts
public import Envelope
public import Foundation
public import GRDB
import Logging
public import Messaging
import StoreKit

/// Intake's own SQLite file: every event as received (keyed by CloudEvents `source` + `id`, with the
/// answer it got; `case_id` is empty for an event that belongs to no case), the cases opened from them,
/// the device registry, what each device said last, the durable watches (silent devices, residents
/// under care), the outbox that announces each case, each case's public status (moved by dispatch's
/// steps, which it consumes) and what Open311 requests said beyond their report.
public enum IntakeSchema: StoreSchema {
    public static let service = "intake"
    public static let tables: ServiceStoreTables = [.inbox, .commands]

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
        migrator.registerMigration("intake-v3-devices") { db in
            try db.execute(sql: """
                CREATE TABLE intake_device (
                    id TEXT PRIMARY KEY,
                    type TEXT NOT NULL,
                    grid TEXT NOT NULL,
                    building TEXT, owner TEXT,
                    longitude REAL, latitude REAL,
                    registered_at REAL NOT NULL,
                    retired_at REAL
                );
                CREATE TABLE intake_device_memory (
                    device TEXT PRIMARY KEY,
                    state TEXT,
                    changes TEXT NOT NULL,
                    heard_at REAL NOT NULL
                );
                CREATE TABLE intake_watch (
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    due_at REAL,
                    PRIMARY KEY (kind, subject)
                );
                CREATE INDEX intake_watch_due ON intake_watch (due_at);
                ALTER TABLE intake_public_status ADD COLUMN lead TEXT;
                CREATE INDEX intake_event_case ON intake_event (case_id);
                """)
        }
        // Every Open311 request its own id: the case's for the request that opened it, `<case>-r<n>` for the
        // n-th that followed it; and what each said of the problem, to show it as its own request.
        migrator.registerMigration("intake-v4-open311-request-ids") { db in
            try db.execute(sql: """
                ALTER TABLE intake_open311_request ADD COLUMN request_id TEXT;
                ALTER TABLE intake_open311_request ADD COLUMN description TEXT;
                ALTER TABLE intake_open311_request ADD COLUMN address TEXT;
                ALTER TABLE intake_open311_request ADD COLUMN latitude REAL;
                ALTER TABLE intake_open311_request ADD COLUMN longitude REAL;
                UPDATE intake_open311_request SET
                    description = (SELECT json_extract(CAST(e.payload AS TEXT), '$.data.description') FROM intake_event e WHERE e.id = token AND e.source LIKE '/open311/%'),
                    address = (SELECT json_extract(CAST(e.payload AS TEXT), '$.data.address') FROM intake_event e WHERE e.id = token AND e.source LIKE '/open311/%'),
                    latitude = (SELECT json_extract(CAST(e.payload AS TEXT), '$.data.latitude') FROM intake_event e WHERE e.id = token AND e.source LIKE '/open311/%'),
                    longitude = (SELECT json_extract(CAST(e.payload AS TEXT), '$.data.longitude') FROM intake_event e WHERE e.id = token AND e.source LIKE '/open311/%');
                UPDATE intake_open311_request SET request_id = case_id WHERE token IN (
                    SELECT id FROM intake_event WHERE source LIKE '/open311/%' AND json_extract(CAST(reply AS TEXT), '$.outcome') IS NOT 'linked');
                CREATE TEMP TABLE numbered AS SELECT token, case_id || '-r' || ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY requested_at, rowid) AS id
                    FROM intake_open311_request WHERE request_id IS NULL;
                UPDATE intake_open311_request SET request_id = (SELECT id FROM numbered WHERE numbered.token = intake_open311_request.token)
                    WHERE request_id IS NULL;
                DROP TABLE numbered;
                CREATE UNIQUE INDEX intake_open311_request_id ON intake_open311_request (request_id);
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

    /// Stores the event and what intake decided about it — a new case with its `case.reported` event, a
    /// repeated alarm joined to its open case, a report linked to an open case near it, a device's return to
    /// normal announced for its case, or only the event (a signal, a normal reading) — in one transaction,
    /// and returns the answer to send once committed. Every event from a device moves its watches.
    /// `attach` runs in the same transaction once the event is new and has its case (an Open311 request keeps
    /// its contact and answers there).
    public func accept(_ event: CloudEvent, payload: Data, arrival: Arrival, rules: IntakeRules, now: Date,
                       attach: Attachment? = nil) throws -> Data {
        try database.write { db in try record(db, event, payload: payload, arrival: arrival, rules: rules, now: now, attach: attach) }
    }

    /// Several events in one transaction (group commit), each as `accept` would take it, in order: an
    /// event repeated within them gets its first answer. Nothing is stored if any write fails.
    public func acceptAll(_ events: [(event: CloudEvent, payload: Data, arrival: Arrival)], rules: IntakeRules, now: Date) throws -> [Data] {
        try database.write { db in
            try events.map { try record(db, $0.event, payload: $0.payload, arrival: $0.arrival, rules: rules, now: now, attach: nil) }
        }
    }

    private func record(_ db: Database, _ event: CloudEvent, payload: Data, arrival: Arrival, rules: IntakeRules, now: Date,
                        attach: Attachment?) throws -> Data {
        if let earlier = try ReceivedEventRecord.fetchOne(db, key: ["source": event.source, "id": event.id]) {
            return earlier.reply
        }
        let caseID: String?
        let reply: IngestReply
        switch arrival {
        case .signal(let signal):
            try heard(db, device: signal.device, registered: signal.registered, passage: signal.type == DeviceEvent.passageType,
                      memory: nil, city: rules.city, now: now)
            (caseID, reply) = (nil, IntakeDesk.recorded(signal))
        case .triaged(let triage):
            let context = try self.context(db, triage, rules: rules, now: now)
            let (decision, memory) = IntakeDesk.decide(triage, context: context, rules: rules, now: now)
            let source = SourceEvent(source: event.source, id: event.id, type: event.type)
            caseID = try carryOut(db, decision, triage, source: source, rules: rules, now: now)
            if let device = triage.device {
                try heard(db, device: device, registered: triage.reading?.registered, passage: false, memory: memory, city: rules.city, now: now)
            }
            reply = IntakeDesk.accepted(triage, caseID: caseID, decision: decision)
        }
        if let caseID { try attach?(db, caseID, reply.outcome ?? .opened) }
        let bytes = try JSONValueEncoder().encode(reply).jsonData()
        var received = ReceivedEventRecord(source: event.source, id: event.id, type: event.type, caseID: caseID ?? "", payload: payload,
                                           reply: bytes, receivedAt: now)
        try received.insert(db)
        return bytes
    }

    /// Records a decision: the case it opened, joined, linked or annotated (nil when none).
    private func carryOut(_ db: Database, _ decision: IntakeDesk.Decision, _ triage: Triage, source: SourceEvent, rules: IntakeRules,
                          now: Date) throws -> String? {
        switch decision {
        case .openCase:
            return try openCase(db, triage, source: source, now: now)
        case .join(let open), .link(let open):
            try IntakeCaseRecord.filter(IntakeCaseRecord.Columns.caseID == open).updateAll(db, IntakeCaseRecord.Columns.alarmCount += 1)
            if case .link = decision, let reporter = triage.reporter {
                let followed = CaseFollowed(caseID: open, reporter: reporter, category: triage.category.code, location: triage.location, source: source)
                try outbox.append(db, followed, id: "\(open)-followed-\(source.id)", time: now)
            }
            return open
        case .annotate(let open):
            guard let reading = triage.reading, let device = triage.device else { return open }
            let note = DeviceDesk.clearedNote(reading, device: device, rule: rules.city.devices?.rule(for: reading.type))
            let cleared = DeviceCleared(caseID: open, device: device, location: triage.location, reading: reading.value, note: note)
            try outbox.append(db, cleared, id: "\(open)-cleared-\(source.id)", time: now)
            return open
        case .record, .suppress:
            return nil
        }
    }

    /// Opens a case: its row, its id, its `case.reported` and its public status.
    func openCase(_ db: Database, _ triage: Triage, source: SourceEvent, now: Date) throws -> String {
        var record = IntakeCaseRecord(triage, at: now)
        try record.insert(db)
        let caseID = "\(outbox.producer)-\(record.number!)"
        record.caseID = caseID
        try record.update(db, columns: [IntakeCaseRecord.Columns.caseID])
        try outbox.append(db, triage.report(caseID: caseID, source: source), id: caseID, time: now)
        var status = PublicStatusRecord(caseID: caseID, .received(at: now))
        try status.insert(db)
        return caseID
    }

    /// What the store knows that bears on the decision: a device's open case and memory, or the open
    /// cases of a report's category near it.
    private func context(_ db: Database, _ triage: Triage, rules: IntakeRules, now: Date) throws -> IntakeDesk.Context {
        let columns = IntakeCaseRecord.Columns.self
        if let device = triage.device, triage.reading != nil {
            let newest = try IntakeCaseRecord.filter(columns.device == device && columns.category == triage.category.code)
                .order(columns.number.desc).fetchOne(db)
            let open = try newest?.caseID.flatMap { id in try PublicStatusRecord.fetchOne(db, key: id).flatMap { $0.isOpen ? id : nil } }
            let memory = try DeviceMemoryRecord.fetchOne(db, key: device)?.memory ?? DeviceMemory()
            return IntakeDesk.Context(openCase: open, memory: memory)
        }
        guard triage.origin == .resident, !triage.insist, !triage.category.isDispute, rules.duplicateRadius > 0,
              let longitude = triage.longitude, let latitude = triage.latitude else {
            return IntakeDesk.Context()
        }
        let span = rules.span(atLatitude: latitude)
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT c.case_id, c.longitude, c.latitude, c.created_at FROM intake_case c JOIN intake_public_status s ON s.case_id = c.case_id
            WHERE c.category = ? AND c.created_at >= ? AND s.open = 1 AND c.device IS NULL
              AND c.longitude BETWEEN ? AND ? AND c.latitude BETWEEN ? AND ?
            ORDER BY c.created_at DESC LIMIT 50
            """), arguments: [triage.category.code, now.timeIntervalSince1970 - rules.duplicateWindow, longitude - span.longitude,
                              longitude + span.longitude, latitude - span.latitude, latitude + span.latitude])
        let nearby = rows.map { row in
            NearbyCase(caseID: row[0], longitude: row[1], latitude: row[2], openedAt: Date(timeIntervalSince1970: row[3]))
        }
        return IntakeDesk.Context(nearby: nearby)
    }

    /// What else to keep with a new event, given its case id and what intake did (opened it, linked to it), in
    /// its transaction.
    public typealias Attachment = (Database, String, IngestOutcome) throws -> Void

    /// How many cases intake has opened.
    public func caseCount() throws -> Int { try database.read(IntakeCaseRecord.fetchCount) }
}
