extension NotificationSchema {
    /// Notification's named migrations, in order; a shipped one never changes.
    public static let migrations: KeyValuePairs<String, String> = [
        "notification-v1": """
            CREATE TABLE notification_delivery (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL, recipient TEXT NOT NULL, channel TEXT NOT NULL, address TEXT,
                kind TEXT NOT NULL, case_id TEXT NOT NULL, text TEXT NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at REAL NOT NULL, created_at REAL NOT NULL, delivered_at REAL,
                UNIQUE (event_id, recipient, channel)
            );
            CREATE INDEX notification_due ON notification_delivery (state, next_attempt_at);
            CREATE TABLE notification_attempt (
                delivery_id INTEGER NOT NULL REFERENCES notification_delivery (id),
                attempt INTEGER NOT NULL, at REAL NOT NULL, status INTEGER, error TEXT,
                PRIMARY KEY (delivery_id, attempt)
            );
            """,
        "notification-v2-critical-followers": """
            ALTER TABLE notification_delivery ADD COLUMN critical INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE notification_critical_case (case_id TEXT PRIMARY KEY);
            CREATE TABLE notification_follower (case_id TEXT NOT NULL, recipient TEXT NOT NULL, PRIMARY KEY (case_id, recipient));
            """,
    ]
}
