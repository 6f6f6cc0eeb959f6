import Envelope
import Foundation
import Messaging

/// `whistle-bench --codec`: nanoseconds per event for each step a published event goes through, from a
/// contract to bytes and back, so a change to the codec shows its cost directly.
enum CodecCosts {
    static func run() throws {
        let n = 100_000
        let padding = String(repeating: "x", count: 180)
        let bench = BenchEvent(t: 123456.789, p: padding, topic: Topic(segments: ["bench", "t", "s01", "c01"]))
        func time(_ name: String, _ body: () throws -> Void) rethrows {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            let ns = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(n)
            print(name.padding(toLength: 40, withPad: " ", startingAt: 0), String(format: "%8.0f ns/event", ns))
        }
        var tree: JSONValue = .null
        try time("encode contract → tree") { for _ in 0..<n { tree = try JSONValueEncoder().encode(bench) } }
        let event = CloudEvent(id: "b12345", source: "/whistle/bench/producer-t1", type: "whistle.bench", time: Date(), data: tree)
        var bytes = Data()
        try time("envelope → bytes") { for _ in 0..<n { bytes = try event.encoded() } }
        var decoded = event
        try time("bytes → envelope (parse)") { for _ in 0..<n { decoded = try CloudEvent.decode(bytes) } }
        try time("bytes → JSONValue tree") { for _ in 0..<n { _ = try JSONValue.parse(bytes) } }
        let small = try JSONValueEncoder().encode(["a": "b"]).jsonData()
        try time("tiny object parse") { for _ in 0..<n { _ = try JSONValue.parse(small) } }
        let long = try JSONValue.string(padding).jsonData()
        try time("180-byte string parse") { for _ in 0..<n { _ = try JSONValue.parse(long) } }
        let number = Data("123456.789".utf8)
        try time("number parse") { for _ in 0..<n { _ = try JSONValue.parse(number) } }
        try time("data tree → contract") { for _ in 0..<n { _ = try JSONValueDecoder().decode(BenchEvent.self, from: decoded.data!) } }
        let frames = WireMessage(topic: "bench.t.s01.c01", producer: "producer-t1", epoch: 1, sequence: 12345, payload: bytes).frames
        try time("frames → wire message") { for _ in 0..<n { _ = try WireMessage(frames: frames) } }
        let replay = ReplayMessage.event(id: "c-1", try WireMessage(frames: frames)).frames
        try time("replay frames → message") { for _ in 0..<n { _ = try ReplayMessage(frames: replay) } }
        time("time format") { for _ in 0..<n { _ = RFC3339.format(Date()) } }
        time("time parse") { for _ in 0..<n { _ = RFC3339.parse("2026-11-26T12:00:00.123Z") } }
        print(bytes.count, "bytes")
    }
}
