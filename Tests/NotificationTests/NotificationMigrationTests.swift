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
}
