import Foundation
import Synchronization
import Testing
import TestKit
import ZeroMQ

/// (g) Garbage at every socket: each piece is counted and logged, nothing crashes, nothing is stored,
/// and the real stream still arrives exactly once.
@Suite("Garbage at every socket", .serialized)
struct GarbageTests {
    @Test("malformed frames, bad JSON, oversize messages and unknown producers change nothing")
    func garbageIsCountedAndDropped() async throws {
        let harness = try await DeliveryHarness.running("garbage", consumer: ["--producer", "probe-producer"])
        defer { harness.stopAll() }
        let producer = try await harness.startProducer(count: 3000, rate: 1000)
        let replay = String(try await producer.waitForLine(startingWith: "READY producer").split(separator: "=").last!)

        // Publish garbage through the bus until the consumer has counted every kind of it.
        let stop = Garbage.Flag()
        let publisher = SocketThread(name: "garbage-publisher") { [bus = harness.publishAddress] in
            Garbage.publish(to: bus, until: stop)
        }
        let expectedCounters = [
            "malformed.wrong_frame_count", "malformed.malformed_json", "malformed.missing_attribute",
            "malformed.oversize", "malformed.invalid_topic", "malformed.invalid_number", "malformed.heartbeat",
            "unknown_producer",
        ]
        try await eventually("the consumer counted every kind of garbage", timeout: .seconds(20)) {
            let stats = try harness.consumerStats()
            return expectedCounters.allSatisfy { stats[$0, default: 0] > 0 }
        }
        stop.raise()
        await publisher.finish()

        // Ask the producer's replay ROUTER nonsense; each addressable request gets an ERROR reply.
        let replies = Garbage.Replies()
        let requester = SocketThread(name: "garbage-requester") { Garbage.request(from: replay, into: replies) }
        await requester.finish()
        #expect(replies.all.count == 4, "one ERROR per bad request: \(replies.all)")
        #expect(replies.all.allSatisfy { $0.first == "ERROR" })
        #expect(replies.all.contains { $0.last?.contains("not 'mallory'") == true })

        #expect(harness.bus?.isRunning == true)
        #expect(producer.isRunning)
        #expect(harness.consumer?.isRunning == true)
        try await harness.expectClean(after: producer, expected: 3000)
        #expect(try ProbeDatabase.count(harness.consumerDB, "SELECT COUNT(*) FROM whistle_dead_letter") == 0)
    }
}

/// The garbage itself, sent from sockets that live on one thread.
enum Garbage {
    final class Flag: Sendable {
        private let raised = Atomic<Bool>(false)
        func raise() { raised.store(true, ordering: .relaxed) }
        var isRaised: Bool { raised.load(ordering: .relaxed) }
        /// Returns once the flag is raised, or after `limit`.
        func wait(upTo limit: Duration) {
            let deadline = ContinuousClock.now + limit
            while !isRaised, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.005) }
        }
    }

    final class Replies: Sendable {
        private let list = Mutex<[[String]]>([])
        func append(_ frames: [String]) { list.withLock { $0.append(frames) } }
        var all: [[String]] { list.withLock { $0 } }
    }

    static func frames(_ texts: String...) -> [Data] { texts.map { Data($0.utf8) } }

    static let goodEvent = #"{"id":"x","source":"/evil","specversion":"1.0","type":"probe","data":{"index":999999}}"#

    static var messages: [[Data]] {
        [
            frames("probe.even.s01"),                                                          // one frame
            frames("probe.even.s01", "probe-producer", "1", "999999", "{not json"),            // bad JSON
            frames("probe.even.s01", "probe-producer", "1", "999998", #"{"specversion":"1.0","id":"x","source":"/y"}"#),
            frames("probe.even.s01", "probe-producer", "1", "999997", "{\"pad\":\"" + String(repeating: "x", count: 300_000) + "\"}"),
            frames("probe.Bad Topic", "probe-producer", "1", "999996", goodEvent),             // invalid topic
            frames("probe.even.s01", "probe-producer", "1", "not-a-number", goodEvent),         // bad sequence
            frames("heartbeat.probe-producer", "probe-producer", "1", "5", "junk"),             // bad heartbeat
            frames("probe.even.s01", "mallory", "1", "1", goodEvent),                           // unknown producer
            [Data("probe.even.s01".utf8), Data(count: 2 << 20)],                               // over the bus limit
        ]
    }

    static func publish(to bus: String, until stop: Flag) {
        do {
            let context = try ZMQContext()
            let deadline = ContinuousClock.now + .seconds(20)
            while !stop.isRaised, ContinuousClock.now < deadline {
                // A fresh connection each round: the bus disconnects a sender of an oversize message. An XPUB
                // publishes as a PUB does and also hears the subscriptions the bus forwards: sending waits for one.
                let publisher = try context.socket(.xpub)
                try publisher.setReceiveTimeout(milliseconds: 100)
                try publisher.attach(.connect(bus))
                var subscribed = false
                while !subscribed, !stop.isRaised, ContinuousClock.now < deadline {
                    subscribed = try publisher.receive()?.first?.first == 1
                }
                if subscribed { for message in messages { try publisher.send(message) } }
                stop.wait(upTo: .milliseconds(200))   // the round's frames leave before the socket closes, unless all were counted
                publisher.close()
            }
        } catch {
            Issue.record("garbage publisher failed: \(error)")
        }
    }

    static func request(from replay: String, into replies: Replies) {
        do {
            let context = try ZMQContext()
            let dealer = try context.socket(.dealer)
            try dealer.setReceiveTimeout(milliseconds: 3000)
            try dealer.attach(.connect(replay))
            try dealer.send(frames("HELLO", "g1"))                                     // unknown command
            try dealer.send(frames("REPLAY", "g2", "mallory", "1", "5"))               // unknown producer
            try dealer.send(frames("REPLAY", "g3", "probe-producer", "x", "5"))        // bad number
            try dealer.send(frames("REPLAY"))                                           // no id: ERROR with an empty id
            for _ in 0..<4 {
                guard let reply = try dealer.receive() else { break }
                replies.append(reply.map { String(decoding: $0, as: UTF8.self) })
            }
            dealer.close()
        } catch {
            Issue.record("garbage requester failed: \(error)")
        }
    }
}
