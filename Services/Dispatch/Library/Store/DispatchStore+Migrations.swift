public import GRDB
import Messaging

extension DispatchSchema {
    /// Dispatch's named migrations; a shipped one never changes.
    public static func registerMigrations(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("dispatch-v1") { db in
            try db.execute(sql: """
                CREATE TABLE dispatch_case (
                    case_id TEXT PRIMARY KEY,
                    category TEXT NOT NULL, level TEXT NOT NULL, priority TEXT NOT NULL,
                    street TEXT NOT NULL, community TEXT NOT NULL, grid TEXT NOT NULL,
                    description TEXT NOT NULL, reporter TEXT,
                    status TEXT NOT NULL,
                    created_at REAL NOT NULL, updated_at REAL NOT NULL
                );
                CREATE TABLE dispatch_task (
                    task_id TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL REFERENCES dispatch_case (case_id),
                    department TEXT NOT NULL,
                    role TEXT NOT NULL,
                    state TEXT NOT NULL,
                    acknowledge_by REAL NOT NULL,
                    created_at REAL NOT NULL, updated_at REAL NOT NULL
                );
                CREATE INDEX dispatch_task_case ON dispatch_task (case_id);
                CREATE TABLE dispatch_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id TEXT NOT NULL, task_id TEXT, department TEXT,
                    action TEXT NOT NULL, note TEXT, at REAL NOT NULL
                );
                """)
        }
        // Steps are numbered per case (an event's id is `<case>-s<step>`); mediation events that arrive
        // before their case wait in dispatch_deferred.
        migrator.registerMigration("dispatch-v2") { db in
            try db.execute(sql: """
                ALTER TABLE dispatch_case ADD COLUMN steps INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE dispatch_history ADD COLUMN step INTEGER NOT NULL DEFAULT 0;
                UPDATE dispatch_history SET step = (
                    SELECT COUNT(*) FROM dispatch_history AS earlier
                    WHERE earlier.case_id = dispatch_history.case_id AND earlier.id <= dispatch_history.id);
                UPDATE dispatch_case SET steps = (
                    SELECT COUNT(*) FROM dispatch_history WHERE dispatch_history.case_id = dispatch_case.case_id);
                CREATE UNIQUE INDEX dispatch_history_step ON dispatch_history (case_id, step);
                CREATE TABLE dispatch_deferred (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    case_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    data BLOB NOT NULL,
                    received_at REAL NOT NULL
                );
                CREATE INDEX dispatch_deferred_case ON dispatch_deferred (case_id);
                """)
        }
    }
}
