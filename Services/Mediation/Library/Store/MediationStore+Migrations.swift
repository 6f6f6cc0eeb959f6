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
        // The tiers a dispute went through ("4321"); a case from v2 had one, its first. A failure with a
        // referral is now `referred`.
        "mediation-v3-tiers": """
            CREATE TABLE mediation_stint (
                mediation_id TEXT NOT NULL REFERENCES mediation_case(mediation_id),
                position INTEGER NOT NULL,
                level TEXT NOT NULL, mediator_id TEXT NOT NULL, mediator_name TEXT NOT NULL,
                started_at REAL NOT NULL, ended_at REAL, result TEXT, note TEXT,
                PRIMARY KEY (mediation_id, position)
            );
            UPDATE mediation_case SET status = 'referred' WHERE status = 'failed' AND referral IS NOT NULL;
            INSERT INTO mediation_stint (mediation_id, position, level, mediator_id, mediator_name, started_at, ended_at, result, note)
                SELECT mediation_id, 0, level, mediator_id, mediator_name, opened_at, concluded_at,
                       CASE status WHEN 'opened' THEN NULL ELSE status END, note
                FROM mediation_case;
            CREATE INDEX mediation_case_opened ON mediation_case(opened_at);
            """,
        // Each tier's time limit, a durable timer on the case. A case still open from v3 gets the default month
        // from the start of its tier (a city that set another limit applies it from the next tier on).
        "mediation-v4-time-limits": """
            ALTER TABLE mediation_case ADD COLUMN due_at REAL;
            UPDATE mediation_case SET due_at = (SELECT MAX(started_at) FROM mediation_stint s WHERE s.mediation_id = mediation_case.mediation_id)
                                                + 30 * 86400
                WHERE status IN ('opened', 'escalated');
            CREATE INDEX mediation_case_due ON mediation_case(due_at) WHERE due_at IS NOT NULL;
            """,
        // Deliberation (协商议事): the households, proposals with the households each asked (its roll, as the vote
        // opened), one vote per household.
        "mediation-v5-deliberation": """
            CREATE TABLE deliberation_household (
                household_id TEXT PRIMARY KEY,
                community TEXT NOT NULL, building TEXT NOT NULL, unit TEXT, door TEXT,
                representative TEXT, area REAL NOT NULL
            );
            CREATE INDEX deliberation_household_community ON deliberation_household(community, building);
            CREATE TABLE deliberation_proposal (
                proposal_id TEXT PRIMARY KEY,
                street TEXT NOT NULL, community TEXT NOT NULL, building TEXT,
                question TEXT NOT NULL, proposed_by TEXT, opened_by TEXT NOT NULL,
                rule TEXT NOT NULL, changeable INTEGER NOT NULL,
                opened_at REAL NOT NULL, closes_at REAL NOT NULL,
                status TEXT NOT NULL, passed INTEGER, tally TEXT, closed_at REAL
            );
            CREATE INDEX deliberation_proposal_open ON deliberation_proposal(closes_at) WHERE status = 'open';
            CREATE TABLE deliberation_roll (
                proposal_id TEXT NOT NULL REFERENCES deliberation_proposal(proposal_id),
                household_id TEXT NOT NULL, area REAL NOT NULL, representative TEXT,
                PRIMARY KEY (proposal_id, household_id)
            ) WITHOUT ROWID;
            CREATE TABLE deliberation_vote (
                proposal_id TEXT NOT NULL, household_id TEXT NOT NULL,
                voter TEXT NOT NULL, choice TEXT NOT NULL, voted_at REAL NOT NULL,
                PRIMARY KEY (proposal_id, household_id)
            ) WITHOUT ROWID;
            """,
        // A dispute's life between opening and end (受理 → 调解 → 协议 → 司法确认 → 回访): the parties with their
        // contacts, the written agreement and the follow-up visits as JSON; the reminders; one timer column, the
        // earliest of a case's timers, for the timer service.
        "mediation-v6-lifecycle": """
            ALTER TABLE mediation_case ADD COLUMN cause TEXT;
            ALTER TABLE mediation_case ADD COLUMN accepted_at REAL;
            ALTER TABLE mediation_case ADD COLUMN confirmation_reminder_at REAL;
            ALTER TABLE mediation_case ADD COLUMN follow_up_at REAL;
            ALTER TABLE mediation_case ADD COLUMN timer_at REAL;
            ALTER TABLE mediation_case ADD COLUMN steps INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE mediation_case ADD COLUMN parties TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE mediation_case ADD COLUMN agreement TEXT;
            ALTER TABLE mediation_case ADD COLUMN follow_ups TEXT NOT NULL DEFAULT '[]';
            UPDATE mediation_case SET timer_at = due_at;
            DROP INDEX mediation_case_due;
            CREATE INDEX mediation_case_timer ON mediation_case(timer_at) WHERE timer_at IS NOT NULL;
            """,
        // 提议定做评 and 四议两公开: a proposal may be recorded before its vote (no rule or closing time yet), so the table
        // is rebuilt with those columns nullable; its discussions, tasks, publications and ratings' count as JSON; the
        // households' ratings of the result.
        "mediation-v7-deliberation-steps": """
            CREATE TABLE deliberation_proposal_v7 (
                proposal_id TEXT PRIMARY KEY,
                street TEXT NOT NULL, community TEXT NOT NULL, building TEXT,
                question TEXT NOT NULL, proposed_by TEXT, opened_by TEXT NOT NULL,
                rule TEXT, changeable INTEGER NOT NULL,
                opened_at REAL NOT NULL, closes_at REAL,
                status TEXT NOT NULL, passed INTEGER, tally TEXT, closed_at REAL,
                stages TEXT NOT NULL DEFAULT '[]', tasks TEXT NOT NULL DEFAULT '[]', publications TEXT NOT NULL DEFAULT '[]',
                satisfaction TEXT, steps INTEGER NOT NULL DEFAULT 0
            );
            INSERT INTO deliberation_proposal_v7 (proposal_id, street, community, building, question, proposed_by, opened_by, rule, changeable,
                                                  opened_at, closes_at, status, passed, tally, closed_at)
                SELECT proposal_id, street, community, building, question, proposed_by, opened_by, rule, changeable,
                       opened_at, closes_at, status, passed, tally, closed_at FROM deliberation_proposal;
            DROP TABLE deliberation_proposal;
            ALTER TABLE deliberation_proposal_v7 RENAME TO deliberation_proposal;
            CREATE INDEX deliberation_proposal_open ON deliberation_proposal(closes_at) WHERE status = 'open';
            CREATE TABLE deliberation_rating (
                proposal_id TEXT NOT NULL REFERENCES deliberation_proposal(proposal_id),
                household_id TEXT NOT NULL, voter TEXT NOT NULL, satisfaction TEXT NOT NULL, comment TEXT, rated_at REAL NOT NULL,
                PRIMARY KEY (proposal_id, household_id)
            ) WITHOUT ROWID;
            """,
        // 回避 and sessions: the mediators a party objected to, and the sessions with their minutes and signatures, as JSON.
        "mediation-v8-sessions": """
            ALTER TABLE mediation_case ADD COLUMN recused TEXT NOT NULL DEFAULT '[]';
            ALTER TABLE mediation_case ADD COLUMN sessions TEXT NOT NULL DEFAULT '[]';
            """,
        // Questions with options (选聘物业 among three companies): the options as JSON, the option chosen, each vote's option.
        "mediation-v9-options": """
            ALTER TABLE deliberation_proposal ADD COLUMN options TEXT;
            ALTER TABLE deliberation_proposal ADD COLUMN chosen TEXT;
            ALTER TABLE deliberation_vote ADD COLUMN option TEXT;
            """,
    ]
}
