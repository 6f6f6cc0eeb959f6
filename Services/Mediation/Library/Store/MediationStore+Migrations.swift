extension MediationSchema {
    /// Mediation's named migrations, in order; a shipped one never changes.
    public static let migrations: KeyValuePairs<String, String> = [
        "mediation-v1": """
            CREATE TABLE mediation_case (
                mediation_id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL UNIQUE,
                category TEXT NOT NULL, level TEXT NOT NULL,
                street TEXT NOT NULL, community TEXT NOT NULL, grid TEXT NOT NULL,
                mediator_id TEXT NOT NULL, mediator_name TEXT NOT NULL,
                description TEXT NOT NULL, reporter TEXT,
                status TEXT NOT NULL, opened_at REAL NOT NULL
            );
            """,
        "mediation-v2": """
            ALTER TABLE mediation_case ADD COLUMN outcome TEXT;
            ALTER TABLE mediation_case ADD COLUMN referral TEXT;
            ALTER TABLE mediation_case ADD COLUMN note TEXT;
            ALTER TABLE mediation_case ADD COLUMN concluded_at REAL;
            """,
    ]
}
