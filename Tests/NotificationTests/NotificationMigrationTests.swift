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
        #expect(throws: DatabaseError.self, "about neither") {
            try store.database.write { db in
                try db.execute(sql: """
                    INSERT INTO notification_delivery (event_id, recipient, channel, kind, text, state, next_attempt_at, created_at)
                        VALUES ('x#1', 'r-001', 'inbox', 'received', 't', 'delivered', 0, 0)
                    """)
            }
        }
    }
}
