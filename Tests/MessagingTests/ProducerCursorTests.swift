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
