import Foundation
import GRDB
import Testing
@testable import Messaging

@Suite("A restored outbox goes on after what its consumers applied")
struct OutboxFloorTests {
    @Test("the floor raises the next sequence and the epoch, never lowers them, and what is stored stays")
    func floor() throws {
        let outbox = OutboxTests()
        let database = try outbox.store()
        try outbox.appendNotes(3, to: database)
        _ = try Outbox.beginEpoch(database)
        try database.write { try Outbox.raiseFloor($0, sequence: 40, epoch: 7) }
        try outbox.appendNotes(1, to: database)
        #expect(try database.read(Outbox.head) == 41)
        #expect(try database.read { try Outbox.rows($0, from: 1, to: 100, limit: 10) }.map(\.sequence) == [1, 2, 3, 41])
        #expect(try Outbox.beginEpoch(database) == 8)
        try database.write { try Outbox.raiseFloor($0, sequence: 5, epoch: 2) }            // below both: nothing changes
        try outbox.appendNotes(1, to: database)
        #expect(try database.read(Outbox.head) == 42 && database.read(Outbox.epoch) == 8)
    }
}
