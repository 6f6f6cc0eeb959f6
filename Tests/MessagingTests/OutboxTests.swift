import Foundation
import GRDB
import Logging
import Testing
@testable import Messaging
@testable import StoreKit

@Suite("Outbox on an in-memory store")
struct OutboxTests {
    func store() throws -> any DatabaseWriter {
        var migrator = DatabaseMigrator()
        Outbox.registerMigrations(in: &migrator)
        return try StoreDatabase.open(.inMemory, migrator: migrator, logger: Logger(label: "test"))
    }

    @Test("sequences never go backwards: not after a rollback, not after pruning everything")
    func sequenceSurvivesPruneAndRollback() throws {
        let database = try store()
        let outbox = try Outbox(producer: "test")
        let event = CloudEvent(source: "/t", type: "t")
        try database.write { db in
            for _ in 0..<3 { try outbox.append(db, topic: "a.b", event: event) }
        }
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try database.write { db in
                try outbox.append(db, topic: "a.b", event: event)
                throw Abort()
            }
        }
        #expect(try database.read(Outbox.head) == 3)
        #expect(try Outbox.prune(database, maximumAge: -1, maximumCount: 0) == 3)
        #expect(try database.read(Outbox.oldest) == 4)
        let next = try database.write { try outbox.append($0, topic: "a.b", event: event) }
        #expect(next == 4)
    }

    @Test("a bad topic aborts the caller's transaction: no half-written state")
    func badTopicAborts() throws {
        let database = try store()
        let outbox = try Outbox(producer: "test")
        #expect(throws: EnvelopeError.invalidTopic("Bad Topic")) {
            try database.write { db in
                try outbox.append(db, topic: "a.b", event: CloudEvent(source: "/t", type: "t"))
                try outbox.append(db, topic: "Bad Topic", event: CloudEvent(source: "/t", type: "t"))
            }
        }
        #expect(try database.read(Outbox.head) == 0)
    }

    @Test("retention by count keeps the newest events")
    func retentionByCount() throws {
        let database = try store()
        let outbox = try Outbox(producer: "test")
        try database.write { db in
            for _ in 0..<10 { try outbox.append(db, topic: "a", event: CloudEvent(source: "/t", type: "t")) }
        }
        #expect(try Outbox.prune(database, maximumAge: 3600, maximumCount: 4) == 6)
        #expect(try database.read { try Outbox.rows($0, from: 1, to: 100, limit: 100) }.map(\.sequence) == [7, 8, 9, 10])
    }
}
