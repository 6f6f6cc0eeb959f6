import Envelope
import Foundation
import GRDB
import Logging
import Testing
@testable import Messaging
@testable import StoreKit

/// A contract for tests: published on whatever topic it names.
struct Note: EventContract, Equatable {
    static let eventTypes = ["whistle.test.note"]
    static let summary = "A test event."
    var text: String
    var at: String = "a.b"
    var topic: Topic { Topic(segments: [at]) }

    enum CodingKeys: String, CodingKey { case text }
}

/// Another contract, which the consumers under test do not handle.
struct Stranger: EventContract {
    static let eventTypes = ["whistle.test.stranger"]
    static let summary = "A test event nobody handles."
    var topic: Topic { Topic(segments: ["a", "b"]) }
}

@Suite("Outbox on an in-memory store")
struct OutboxTests {
    let outbox = try! Outbox(producer: "test", service: "test")

    func store() throws -> any DatabaseWriter {
        var migrator = DatabaseMigrator()
        Outbox.registerMigrations(in: &migrator)
        return try StoreDatabase.open(.inMemory, migrator: migrator, logger: Logger(label: "test"))
    }

    /// Appends `count` notes in one transaction.
    func appendNotes(_ count: Int, to database: any DatabaseWriter) throws {
        try database.write { db in
            for index in 0..<count { try outbox.append(db, Note(text: "\(index)"), id: "\(index)", time: Date()) }
        }
    }

    @Test("a contract becomes a CloudEvent: its type, topic, subject and JSON form as data, with the decision's id and time")
    func contractToEnvelope() throws {
        let database = try store()
        let outbox = try Outbox(producer: "test-1", service: "test")
        let time = Date(timeIntervalSince1970: 1_795_000_000)
        _ = try database.write { db in try outbox.append(db, Note(text: "hello"), id: "n-1", time: time) }
        let row = try #require(try database.read { try Outbox.rows($0, from: 1, to: 1, limit: 1) }.first)
        #expect(row.topic == "a.b")
        let event = try CloudEvent.decode(row.payload)
        #expect(event.id == "n-1" && event.source == "/whistle/test/test-1" && event.type == "whistle.test.note" && event.time == time)
        #expect(event.data == ["text": "hello"])
    }

    @Test("sequences never go backwards: not after a rollback, not after pruning everything")
    func sequenceSurvivesPruneAndRollback() throws {
        let database = try store()
        try appendNotes(3, to: database)
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try database.write { db in
                try outbox.append(db, Note(text: "x"), id: "x", time: Date())
                throw Abort()
            }
        }
        #expect(try database.read(Outbox.head) == 3)
        #expect(try Outbox.prune(database, maximumAge: -1, maximumCount: 0) == 3)
        #expect(try database.read(Outbox.oldest) == 4)
        let next = try database.write { try outbox.append($0, Note(text: "y"), id: "y", time: Date()) }
        #expect(next == 4)
    }

    @Test("a bad topic aborts the caller's transaction: no half-written state")
    func badTopicAborts() throws {
        let database = try store()
        #expect(throws: EnvelopeError.invalidTopic("Bad Topic")) {
            try database.write { db in
                try outbox.append(db, Note(text: "ok"), id: "1", time: Date())
                try outbox.append(db, Note(text: "bad", at: "Bad Topic"), id: "2", time: Date())
            }
        }
        #expect(try database.read(Outbox.head) == 0)
    }

    @Test("retention by count keeps the newest events")
    func retentionByCount() throws {
        let database = try store()
        try appendNotes(10, to: database)
        #expect(try Outbox.prune(database, maximumAge: 3600, maximumCount: 4) == 6)
        #expect(try database.read { try Outbox.rows($0, from: 1, to: 100, limit: 100) }.map(\.sequence) == [7, 8, 9, 10])
    }
}
