extension IntakeSchema {
    /// Intake's named migrations, in order; a shipped one never changes.
    public static let migrations: KeyValuePairs<String, String> = [
        "intake-v1": """
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
            """,
        "intake-v2-public-view": """
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
            """,
        "intake-v3-devices": """
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
            """,
        // Every Open311 request its own id: the case's for the request that opened it, `<case>-r<n>` for the
        // n-th that followed it; and what each said of the problem, to show it as its own request.
        "intake-v4-open311-request-ids": """
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
            """,
        // Idempotency moves to the request journal every endpoint shares: each event's answer is filed there
        // under `event:<source>` and its `id`, and `intake_event` keeps the event as received.
        "intake-v5-request-journal": """
            INSERT INTO whistle_command_journal (issuer, command, request, reply, answered_at, identity)
                SELECT 'event:' || source, id, x'', reply, received_at, NULL FROM intake_event;
            ALTER TABLE intake_event DROP COLUMN reply;
            """,
    ]
}
