import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import Testing
import TestKit
@testable import WhistleNotification

@Suite("Notification's migrations carry a store written by an earlier release")
struct NotificationMigrationTests {
    @Test("a webhook owed before critical deliveries (v1) is still due after v2, not critical, and its next attempt is recorded")
    func carriesAPendingDelivery() throws {
        let directory = try TemporaryDirectory("notification-migration")
        defer { directory.remove() }
        let path = directory.path("notification.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try NotificationStore.migrator.migrate(queue, upTo: "notification-v1")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO notification_delivery (event_id, recipient, channel, address, kind, case_id, text, state, attempts,
                                                       next_attempt_at, created_at)
                        VALUES ('/whistle/dispatch/dispatch-1#intake-1-1-s1', 'r-001', 'webhook', 'http://127.0.0.1:9/hook', 'dispatched',
                                'intake-1-1', '已派给城管', 'pending', 1, 1795395600, 1795395500)
                    """)
            }
        }
        let store = try NotificationStore(.file(path), name: "notification-1", logger: Logger(label: "test"))
        let now = Date(timeIntervalSince1970: 1_795_395_700)
        let due = try store.due(limit: 10, now: now)
        #expect(due.map(\.recipient) == ["r-001"] && due.first?.critical == false && due.first?.kind == .dispatched && due.first?.attempts == 1)

        let outcome = DeliveryDesk.after(attempt: 2, status: 200, error: nil, policy: RetryPolicy(maxAttempts: 8), now: now)
        try store.record(try #require(due.first), outcome, at: now)
        #expect(try store.deliveries(to: "r-001").map(\.state) == [.delivered])
        #expect(try store.due(limit: 10, now: now.addingTimeInterval(3600)).isEmpty)
    }

    @Test("v3 keeps every delivery of a v2 store (ids, state, critical) and a delivery is about a case or a proposal, never both or neither")
    func proposals() throws {
        let directory = try TemporaryDirectory("notification-migration-v3")
        defer { directory.remove() }
        let path = directory.path("notification.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try NotificationStore.migrator.migrate(queue, upTo: "notification-v2-critical-followers")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO notification_delivery (id, event_id, recipient, channel, address, kind, case_id, text, state, attempts,
                                                       next_attempt_at, created_at, critical)
                        VALUES (7, '/whistle/intake/intake-1#3', 'r-001', 'webhook', 'http://127.0.0.1:9/hook', 'received',
                                'intake-1-3', '已受理', 'pending', 2, 1795395600, 1795395500, 1)
                    """)
            }
        }
        let store = try NotificationStore(.file(path), name: "notification-1", logger: Logger(label: "test"))
        let now = Date(timeIntervalSince1970: 1_795_395_700)
        let due = try #require(try store.due(limit: 10, now: now).first)
        #expect((due.id, due.caseID, due.proposal, due.critical, due.attempts) == (7, "intake-1-3", nil, true, 2))

        let notice = Notice(kind: .voteOpened, recipient: "r-002", subject: .proposal("lift-3"), text: "请投票")
        try store.database.write { db in
            try store.addAudience(db, proposal: "lift-3", recipients: ["r-h1", "r-001", "r-h1"])
            try store.record(db, DeliveryDesk.deliveries(of: notice, followers: [], addresses: Addressbook(webhooks: ["r-002": "http://127.0.0.1:9/hook"]), critical: false,
                                                         event: "/whistle/mediation/mediation-1#lift-3-opened", now: now))
        }
        #expect(try store.database.read { try store.audience($0, proposal: "lift-3") } == ["r-001", "r-h1"])
        let owed = try store.due(limit: 10, now: now)
        #expect(owed.map(\.id) == [7, 9] && owed.last?.proposal == "lift-3" && owed.last?.caseID == nil, "the old delivery keeps its place; the new one is owed by webhook (its inbox copy, 8, is delivered)")
        #expect(throws: DatabaseError.self, "about both") {
            try store.database.write { db in
                try db.execute(sql: """
                    INSERT INTO notification_delivery (event_id, recipient, channel, kind, case_id, proposal_id, text, state, next_attempt_at, created_at)
                        VALUES ('x#1', 'r-001', 'inbox', 'received', 'intake-1-3', 'lift-3', 't', 'delivered', 0, 0)
                    """)
            }
        }
    }

    @Test("v9 keeps every column of a v8 delivery (held, read, redriven, its endpoint) and a digest is about neither a case nor a proposal")
    func digests() throws {
        let directory = try TemporaryDirectory("notification-migration-v9")
        defer { directory.remove() }
        let path = directory.path("notification.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try NotificationStore.migrator.migrate(queue, upTo: "notification-v8-endpoints")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO notification_delivery (id, event_id, recipient, channel, address, kind, case_id, text, state, attempts, next_attempt_at,
                                                       created_at, critical, last_attempt, held_until, read_at, endpoint)
                        VALUES (12, '/whistle/intake/intake-1#3', 'gw-g01', 'webhook', 'http://127.0.0.1:9/hook', 'task-assigned', 'intake-1-3', '新任务',
                                'pending', 3, 1795395600, 1795395500, 1, 4, 1795395600, 1795395650, 'http://127.0.0.1:9');
                    INSERT INTO notification_recipient (recipient, quiet_from, quiet_until, mute, updated_at) VALUES ('gw-g01', '22:00', '07:00', '[]', 1795395500);
                    """)
            }
        }
        let store = try NotificationStore(.file(path), name: "notification-1", logger: Logger(label: "test"))
        let kept = try #require(try store.database.read { try DeliveryRecord.fetchOne($0, key: 12) })
        #expect((kept.attempts, kept.critical, kept.lastAttempt, kept.endpoint, kept.kind) == (3, true, 4, "http://127.0.0.1:9", .taskAssigned))
        #expect(kept.heldUntil == Date(timeIntervalSince1970: 1_795_395_600) && kept.readAt == Date(timeIntervalSince1970: 1_795_395_650))
        #expect(try store.preferencesView(of: "gw-g01", at: Date(timeIntervalSince1970: 1_795_395_700)).quietHours == QuietHours(from: "22:00", until: "07:00"))
        let digest = Notice(kind: .digest, recipient: "gw-g01", subject: .digest, text: "待办汇总")
        try store.database.write { db in
            try store.record(db, DeliveryDesk.deliveries(of: digest, followers: [], addresses: Addressbook(), critical: false, event: "digest#gw-g01@1795395600",
                                                         now: Date(timeIntervalSince1970: 1_795_395_700)))
        }
        #expect(try store.deliveries(to: "gw-g01").map(\.kind) == [.taskAssigned, .digest])
    }
}
