public import GRDB

extension MediationSchema {
    /// Mediation's named migrations; a shipped one never changes.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("mediation-v1") { db in
            try db.execute(sql: """
                CREATE TABLE mediation_case (
                    mediation_id TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL UNIQUE,
                    category TEXT NOT NULL, level TEXT NOT NULL,
                    street TEXT NOT NULL, community TEXT NOT NULL, grid TEXT NOT NULL,
                    mediator_id TEXT NOT NULL, mediator_name TEXT NOT NULL,
                    description TEXT NOT NULL, reporter TEXT,
                    status TEXT NOT NULL, opened_at REAL NOT NULL
                );
                """)
        }
        migrator.registerMigration("mediation-v2") { db in
            try db.execute(sql: """
                ALTER TABLE mediation_case ADD COLUMN outcome TEXT;
                ALTER TABLE mediation_case ADD COLUMN referral TEXT;
                ALTER TABLE mediation_case ADD COLUMN note TEXT;
                ALTER TABLE mediation_case ADD COLUMN concluded_at REAL;
                """)
        }
    }
}
