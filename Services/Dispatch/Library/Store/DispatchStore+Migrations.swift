extension DispatchSchema {
    /// Dispatch's named migrations, in order; a shipped one never changes.
    public static let migrations: KeyValuePairs<String, String> = [
        "dispatch-v1": """
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
            """,
        // Steps are numbered per case (an event's id is `<case>-s<step>`); mediation events that arrive
        // before their case wait in dispatch_deferred.
        "dispatch-v2": """
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
            """,
        // The ladder: a case keeps its report, the rung that whistled, the rung that settled it, its round
        // and how it closed; tasks may be a rung's own (no acknowledgement deadline) and keep their
        // deadlines and counts; history records rung and actor; supervision orders, ratings, and durable
        // timers (indexed by due time, so finding what is due stays one index range at any size).
        "dispatch-v3": """
            ALTER TABLE dispatch_case ADD COLUMN whistled_level TEXT;
            ALTER TABLE dispatch_case ADD COLUMN resolved_level TEXT;
            ALTER TABLE dispatch_case ADD COLUMN round INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE dispatch_case ADD COLUMN closure TEXT;
            ALTER TABLE dispatch_case ADD COLUMN report BLOB NOT NULL DEFAULT '';
            UPDATE dispatch_case SET
                whistled_level = CASE WHEN EXISTS (SELECT 1 FROM dispatch_task WHERE dispatch_task.case_id = dispatch_case.case_id)
                                      THEN level END,
                report = CAST(json_object(
                    'case', case_id, 'category', category, 'categoryName', category, 'priority', priority, 'level', level,
                    'dispute', json('false'), 'street', street, 'community', community, 'grid', grid, 'description', description,
                    'origin', CASE WHEN reporter IS NULL THEN 'sensor' ELSE 'resident' END,
                    'source', json_object('source', '/whistle/dispatch/migrated', 'id', case_id, 'type', 'whistle.case.reported'),
                    'reporter', reporter) AS BLOB);
            CREATE INDEX dispatch_case_created ON dispatch_case (created_at);

            CREATE TABLE dispatch_task_v3 (
                task_id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL REFERENCES dispatch_case (case_id),
                department TEXT NOT NULL, kind TEXT NOT NULL, role TEXT NOT NULL, state TEXT NOT NULL, level TEXT NOT NULL,
                acknowledge_by REAL, handle_by REAL NOT NULL, started_at REAL NOT NULL,
                acknowledged_at REAL, completed_at REAL,
                returns INTEGER NOT NULL DEFAULT 0, rework INTEGER NOT NULL DEFAULT 0, overdue INTEGER NOT NULL DEFAULT 0,
                suggested TEXT,
                created_at REAL NOT NULL, updated_at REAL NOT NULL
            );
            INSERT INTO dispatch_task_v3 (task_id, case_id, department, kind, role, state, level, acknowledge_by, handle_by, started_at,
                                          acknowledged_at, completed_at, returns, created_at, updated_at)
                SELECT t.task_id, t.case_id, t.department, 'department', t.role, t.state, c.level, t.acknowledge_by, t.acknowledge_by,
                       t.created_at,
                       CASE WHEN t.state IN ('acknowledged', 'in-progress', 'completed') THEN t.updated_at END,
                       CASE WHEN t.state = 'completed' THEN t.updated_at END,
                       CASE WHEN t.state = 'returned' THEN 1 ELSE 0 END,
                       t.created_at, t.updated_at
                FROM dispatch_task AS t JOIN dispatch_case AS c ON c.case_id = t.case_id;
            DROP TABLE dispatch_task;
            ALTER TABLE dispatch_task_v3 RENAME TO dispatch_task;
            CREATE INDEX dispatch_task_case ON dispatch_task (case_id);
            CREATE INDEX dispatch_task_created ON dispatch_task (created_at);

            ALTER TABLE dispatch_history ADD COLUMN level TEXT;
            ALTER TABLE dispatch_history ADD COLUMN "by" TEXT;

            CREATE TABLE dispatch_order (
                order_id TEXT PRIMARY KEY,
                case_id TEXT NOT NULL, task_id TEXT NOT NULL, department TEXT NOT NULL,
                opinion TEXT NOT NULL, "by" TEXT NOT NULL,
                answer_by REAL NOT NULL, created_at REAL NOT NULL,
                answer TEXT, answered_at REAL, overdue INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX dispatch_order_case ON dispatch_order (case_id);
            CREATE TABLE dispatch_rating (
                case_id TEXT NOT NULL, round INTEGER NOT NULL,
                satisfaction TEXT NOT NULL, solved TEXT NOT NULL, comment TEXT, at REAL NOT NULL,
                PRIMARY KEY (case_id, round)
            );
            CREATE TABLE dispatch_timer (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id TEXT NOT NULL, kind TEXT NOT NULL,
                task_id TEXT, stage TEXT, order_id TEXT,
                due_at REAL NOT NULL
            );
            CREATE INDEX dispatch_timer_due ON dispatch_timer (due_at);
            CREATE INDEX dispatch_timer_case ON dispatch_timer (case_id);
            """,
    ]
}
