extension ConsoleSchema {
    /// The console's named migrations, in order; a shipped one never changes.
    public static let migrations: KeyValuePairs<String, String> = [
        "console-v1": """
            CREATE TABLE console_case (
                case_id TEXT PRIMARY KEY, category TEXT NOT NULL, category_name TEXT NOT NULL,
                street TEXT NOT NULL, community TEXT NOT NULL, grid TEXT NOT NULL, description TEXT NOT NULL,
                priority TEXT NOT NULL, level TEXT NOT NULL, status TEXT NOT NULL, light TEXT NOT NULL, holders TEXT NOT NULL,
                reported_at REAL NOT NULL, updated_at REAL NOT NULL, report_heard INTEGER NOT NULL, open INTEGER NOT NULL
            );
            CREATE INDEX console_case_open_grid ON console_case (open, grid);
            CREATE INDEX console_case_updated ON console_case (updated_at);
            CREATE TABLE console_step (
                id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL, action TEXT NOT NULL, status TEXT,
                by TEXT, note TEXT, at REAL NOT NULL
            );
            CREATE INDEX console_step_case ON console_step (case_id, id);
            CREATE TABLE console_task (
                task_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, street TEXT NOT NULL, community TEXT NOT NULL, grid TEXT NOT NULL,
                department TEXT NOT NULL, holder TEXT NOT NULL, role TEXT NOT NULL, state TEXT NOT NULL, light TEXT NOT NULL,
                handle_by REAL NOT NULL, order_id TEXT, answer_by REAL, order_answered INTEGER NOT NULL, updated_at REAL NOT NULL, open INTEGER NOT NULL
            );
            CREATE INDEX console_task_case ON console_task (case_id);
            CREATE INDEX console_task_open_light ON console_task (open, light);
            CREATE TABLE console_audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, identity TEXT NOT NULL, case_id TEXT NOT NULL,
                action TEXT NOT NULL, command_id TEXT NOT NULL, status TEXT NOT NULL, error TEXT, message TEXT
            );
            CREATE INDEX console_audit_case ON console_audit (case_id, id);
            CREATE TABLE console_session (
                token_sha256 TEXT PRIMARY KEY, identity TEXT NOT NULL, role TEXT NOT NULL, csrf TEXT NOT NULL,
                created_at REAL NOT NULL, expires_at REAL NOT NULL
            );
            """,
        "console-v2-accounts": """
            CREATE TABLE console_account (
                name TEXT PRIMARY KEY, display TEXT NOT NULL, role TEXT NOT NULL, acts_as TEXT, password_hash TEXT NOT NULL,
                disabled INTEGER NOT NULL, failed_sign_ins INTEGER NOT NULL, locked_until REAL,
                created_at REAL NOT NULL, password_changed_at REAL NOT NULL
            );
            ALTER TABLE console_session ADD COLUMN account TEXT;
            CREATE INDEX console_session_account ON console_session (account);
            ALTER TABLE console_audit ADD COLUMN account TEXT;
            """,
        "console-v3-mediation": """
            CREATE TABLE console_mediation (
                mediation TEXT PRIMARY KEY, case_id TEXT NOT NULL, street TEXT NOT NULL, community TEXT NOT NULL, grid TEXT NOT NULL,
                level TEXT NOT NULL, mediator_id TEXT NOT NULL, mediator_name TEXT NOT NULL, last_step TEXT NOT NULL, outcome TEXT,
                tier_started_at REAL NOT NULL, due_at REAL NOT NULL, updated_at REAL NOT NULL, open INTEGER NOT NULL
            );
            CREATE INDEX console_mediation_open ON console_mediation (open, due_at);
            """,
        "console-v4-deliberation": """
            CREATE TABLE console_proposal (
                proposal TEXT PRIMARY KEY, street TEXT NOT NULL, community TEXT NOT NULL, question TEXT NOT NULL, building TEXT,
                status TEXT NOT NULL, last_step TEXT NOT NULL, rule TEXT, closes_at REAL, households INTEGER, area REAL,
                passed INTEGER, chosen TEXT, tally TEXT, updated_at REAL NOT NULL
            );
            CREATE INDEX console_proposal_community ON console_proposal (community, updated_at);
            """,
        "console-v5-devices": """
            ALTER TABLE console_case ADD COLUMN device TEXT;
            """,
    ]
}
