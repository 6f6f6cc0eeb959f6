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
        // Notices about a community's proposal: a delivery is about a case or a proposal, and a proposal's audience is kept.
        "notification-v3-proposals": """
            CREATE TABLE notification_delivery_v3 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL, recipient TEXT NOT NULL, channel TEXT NOT NULL, address TEXT,
                kind TEXT NOT NULL, case_id TEXT, proposal_id TEXT, text TEXT NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at REAL NOT NULL, created_at REAL NOT NULL, delivered_at REAL,
                critical INTEGER NOT NULL DEFAULT 0,
                UNIQUE (event_id, recipient, channel),
                CHECK ((case_id IS NULL) <> (proposal_id IS NULL))
            );
            INSERT INTO notification_delivery_v3 (id, event_id, recipient, channel, address, kind, case_id, text, state, attempts,
                                                  next_attempt_at, created_at, delivered_at, critical)
                SELECT id, event_id, recipient, channel, address, kind, case_id, text, state, attempts,
                       next_attempt_at, created_at, delivered_at, critical FROM notification_delivery;
            DROP TABLE notification_delivery;
            ALTER TABLE notification_delivery_v3 RENAME TO notification_delivery;
            CREATE INDEX notification_due ON notification_delivery (state, next_attempt_at);
            CREATE TABLE notification_proposal_audience (
                proposal_id TEXT NOT NULL, recipient TEXT NOT NULL, PRIMARY KEY (proposal_id, recipient)
            ) WITHOUT ROWID;
            """,
        // Deliveries to many recipients at once, each recipient's in order: what is owed, in the order it goes out, and
        // whether a recipient owes an earlier one — without scanning every owed delivery.
        "notification-v4-pending-order": """
            CREATE INDEX notification_pending_order ON notification_delivery (state, critical DESC, id);
            CREATE INDEX notification_pending_recipient ON notification_delivery (recipient, state, id);
            """,
        // A failed delivery sent again once (`redrive`): the attempt after which it is given up whatever the answer.
        "notification-v5-redrive": """
            ALTER TABLE notification_delivery ADD COLUMN last_attempt INTEGER;
            """,
        // Recipients' preferences (quiet hours, muted kinds), and deliveries held until the quiet hours end.
        "notification-v6-preferences": """
            CREATE TABLE notification_recipient (
                recipient TEXT PRIMARY KEY, quiet_from TEXT, quiet_until TEXT, mute TEXT NOT NULL, updated_at REAL NOT NULL
            );
            ALTER TABLE notification_delivery ADD COLUMN held_until REAL;
            """,
        // Inbox messages marked read, and the unread found fast.
        "notification-v7-read": """
            ALTER TABLE notification_delivery ADD COLUMN read_at REAL;
            CREATE INDEX notification_unread ON notification_delivery (recipient, channel, read_at);
            """,
        // The endpoint a delivery goes to (a webhook's scheme://host:port, the mail server, the gateway): one that fails
        // rests, and its deliveries wait.
        "notification-v8-endpoints": """
            ALTER TABLE notification_delivery ADD COLUMN endpoint TEXT;
            """,
        // Digests: a delivery about neither a case nor a proposal (never both), a recipient's digest schedule with its
        // durable timer (`digest_due`), and the open tasks each holder's digest lists. Languages: the recipient's, and the
        // one each delivery is written in; where the recipient asked to be reached. Each attempt's latency and the start
        // of the receiver's answer.
        "notification-v9-digests": """
            CREATE TABLE notification_delivery_v9 (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                event_id TEXT NOT NULL, recipient TEXT NOT NULL, channel TEXT NOT NULL, address TEXT,
                kind TEXT NOT NULL, case_id TEXT, proposal_id TEXT, text TEXT NOT NULL,
                state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at REAL NOT NULL, created_at REAL NOT NULL, delivered_at REAL,
                critical INTEGER NOT NULL DEFAULT 0, last_attempt INTEGER, held_until REAL, read_at REAL, endpoint TEXT,
                language TEXT NOT NULL DEFAULT 'zh-CN',
                UNIQUE (event_id, recipient, channel),
                CHECK (case_id IS NULL OR proposal_id IS NULL)
            );
            INSERT INTO notification_delivery_v9 (id, event_id, recipient, channel, address, kind, case_id, proposal_id, text, state, attempts,
                                                  next_attempt_at, created_at, delivered_at, critical, last_attempt, held_until, read_at, endpoint)
                SELECT id, event_id, recipient, channel, address, kind, case_id, proposal_id, text, state, attempts,
                       next_attempt_at, created_at, delivered_at, critical, last_attempt, held_until, read_at, endpoint FROM notification_delivery;
            DROP TABLE notification_delivery;
            ALTER TABLE notification_delivery_v9 RENAME TO notification_delivery;
            CREATE INDEX notification_due ON notification_delivery (state, next_attempt_at);
            CREATE INDEX notification_pending_order ON notification_delivery (state, critical DESC, id);
            CREATE INDEX notification_pending_recipient ON notification_delivery (recipient, state, id);
            CREATE INDEX notification_unread ON notification_delivery (recipient, channel, read_at);
            ALTER TABLE notification_recipient ADD COLUMN digest_every INTEGER;
            ALTER TABLE notification_recipient ADD COLUMN digest_at TEXT;
            ALTER TABLE notification_recipient ADD COLUMN digest_due REAL;
            ALTER TABLE notification_recipient ADD COLUMN language TEXT NOT NULL DEFAULT 'zh-CN';
            ALTER TABLE notification_recipient ADD COLUMN webhook TEXT;
            ALTER TABLE notification_recipient ADD COLUMN email TEXT;
            ALTER TABLE notification_recipient ADD COLUMN phone TEXT;
            CREATE INDEX notification_digest_due ON notification_recipient (digest_due) WHERE digest_due IS NOT NULL;
            CREATE TABLE notification_open_task (
                task TEXT PRIMARY KEY, case_id TEXT NOT NULL, holder TEXT NOT NULL, what TEXT NOT NULL,
                light TEXT NOT NULL, stage TEXT NOT NULL, due_at REAL NOT NULL, handle_by REAL NOT NULL,
                closed INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX notification_open_task_holder ON notification_open_task (holder);
            CREATE INDEX notification_open_task_case ON notification_open_task (case_id);
            ALTER TABLE notification_attempt ADD COLUMN latency_ms INTEGER;
            ALTER TABLE notification_attempt ADD COLUMN response TEXT;
            """,
    ]
}
