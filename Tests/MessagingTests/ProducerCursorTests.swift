import Envelope
import Foundation
import Testing
@testable import Messaging

@Suite("Consumer cursor: order, gaps and replays")
struct ProducerCursorTests {
    func event(_ sequence: UInt64) -> DeliveredEvent {
        DeliveredEvent(
            producer: "p", epoch: 1, sequence: sequence, topic: "t.a",
            event: CloudEvent(id: "\(sequence)", source: "/p", type: "t"), payload: Data())
    }

    @Test("in-order events are released at once; an early event waits for the gap to close")
    func gapThenFill() {
        var cursor = ProducerCursor(applied: 0, epoch: 1)
        #expect(cursor.accept(event(1)).map(\.sequence) == [1])
        #expect(cursor.accept(event(4)).isEmpty)
        #expect(cursor.gap == 2...3)
        #expect(cursor.accept(event(2)).map(\.sequence) == [2])
        #expect(cursor.accept(event(3)).map(\.sequence) == [3, 4])
        #expect(cursor.gap == nil)
        #expect(cursor.applied == 4)
    }

    @Test("another bus's copy is known by its bytes, applied or held; different bytes under one sequence are not a copy")
    func copiesByBytes() {
        func bytes(_ sequence: UInt64, _ text: String) -> DeliveredEvent {
            DeliveredEvent(producer: "p", epoch: 1, sequence: sequence, topic: "t.a",
                           event: CloudEvent(id: "\(sequence)", source: "/p", type: "t"), payload: Data(text.utf8))
        }
        var cursor = ProducerCursor(applied: 0, epoch: 1)
        cursor.recent.remember(cursor.accept(bytes(1, "one")), digests: true)
        _ = cursor.accept(bytes(3, "three"))                       // held, waiting for 2
        #expect(cursor.isCopy(at: 1, payload: Data("one".utf8)))
        #expect(cursor.isCopy(at: 3, payload: Data("three".utf8)))
        #expect(!cursor.isCopy(at: 1, payload: Data("forged".utf8)), "decoded, then refused as a conflict")
        #expect(!cursor.isCopy(at: 2, payload: Data("two".utf8)), "not seen yet")
    }

    @Test("a heartbeat ahead of what was applied opens a gap even when no later event came")
    func heartbeatRevealsLostLastEvent() {
        var cursor = ProducerCursor(applied: 10, epoch: 1)
        cursor.knownHead = 12
        #expect(cursor.gap == 11...12)
    }

    @Test("a replay END accounts for filtered-out events and releases early ones in order")
    func advanceThroughFilteredRange() {
        var cursor = ProducerCursor(applied: 0, epoch: 1)
        _ = cursor.accept(event(7))
        _ = cursor.accept(event(9))
        #expect(cursor.gap == 1...6)
        // The replay found nothing matching in 1...6: advance and release 7; 8 is still missing.
        #expect(cursor.advance(through: 6).map(\.sequence) == [7])
        #expect(cursor.gap == 8...8)
        #expect(cursor.advance(through: 8).map(\.sequence) == [9])
        #expect(cursor.applied == 9)
        #expect(cursor.advance(through: 3).isEmpty)
    }
}
