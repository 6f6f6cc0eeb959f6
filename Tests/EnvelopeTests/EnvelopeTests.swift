import Foundation
import Testing
@testable import Envelope
import Contracts

@Suite("CloudEvents envelope and frames")
struct EnvelopeTests {
    @Test("an event survives encode and decode with every attribute")
    func roundTrip() throws {
        let time = Date(timeIntervalSince1970: 1_790_000_000.125)
        let event = CloudEvent(
            id: "e1", source: "/sensors/cam-7", type: "whistle.sensor.high-altitude-throwing", time: time,
            subject: "building-3", data: .object(["grid": .string("g05"), "level": .number(2)]))
        let decoded = try CloudEvent.decode(try event.encoded())
        #expect(decoded == event)
        let json = try #require(try JSONSerialization.jsonObject(with: event.encoded()) as? [String: Any])
        #expect(json["specversion"] as? String == "1.0")
        #expect(json["datacontenttype"] as? String == "application/json")
        #expect(json["time"] as? String == "2026-09-21T14:13:20.125Z", "RFC 3339 with a zone offset")
    }

    @Test("time accepts RFC 3339 with an offset, with or without fractions; not without a zone")
    func timeFormats() throws {
        func decode(_ time: String) throws -> Date? {
            try CloudEvent.decode(Data(#"{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"\#(time)"}"#.utf8)).time
        }
        #expect(abs(try #require(try decode("2026-11-23T21:55:17.281Z")).timeIntervalSince1970 - 1_795_470_917.281) < 0.001)
        #expect(try decode("2026-11-23T22:55:17+01:00") == Date(timeIntervalSince1970: 1_795_470_917))
        #expect(try decode("2026-11-23t20:55:17.5-01:00") == Date(timeIntervalSince1970: 1_795_470_917.5), "lower case t, a negative offset")
        for bad in ["2026-11-23T21:55:17", "2026-02-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T21:55:17.Z",
                    "2026-11-23 21:55:17Z", "2026-11-23T21:55:17+0100", "2026-11-23T21:55:17Zjunk"] {
            #expect(throws: EnvelopeError.invalidAttribute(name: "time", reason: "must be an RFC 3339 timestamp"), "\(bad)") {
                try decode(bad)
            }
        }
        #expect(RFC3339.format(Date(timeIntervalSince1970: 1_795_470_917.2815)) == "2026-11-23T21:55:17.282Z", "milliseconds, rounded")
        #expect(RFC3339.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
    }

    @Test("each fault gets its own error", arguments: [
        ("{not json", "malformed_json"),
        (#"{"id":"1","source":"/s","type":"t"}"#, "missing_attribute"),
        (#"{"specversion":"0.3","id":"1","source":"/s","type":"t"}"#, "unsupported_specversion"),
        (#"{"specversion":"1.0","source":"/s","type":"t"}"#, "missing_attribute"),
        (#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":"1","source":"/s","type":"t","time":"yesterday"}"#, "invalid_attribute"),
        (#"{"specversion":"1.0","id":7,"source":"/s","type":"t"}"#, "invalid_attribute"),
    ])
    func specificErrors(json: String, kind: String) {
        #expect {
            _ = try CloudEvent.decode(Data(json.utf8))
        } throws: { error in
            (error as? EnvelopeError)?.kind == kind
        }
    }

    @Test("an oversize event is refused before parsing")
    func oversize() {
        let bytes = Data(count: CloudEvent.maximumEncodedSize + 1)
        #expect(throws: EnvelopeError.oversize(bytes: bytes.count, limit: CloudEvent.maximumEncodedSize)) {
            try CloudEvent.decode(bytes)
        }
    }

    @Test("topics are lowercase dotted segments; the area goes last for prefix filtering")
    func topics() throws {
        let topic = Topics.topic(Topics.caseReported, Area(street: "s01", community: "c02", grid: "g05"))
        #expect(try topic.validated().name == "case.reported.s01.c02.g05")
        #expect(Topics.topic(Topics.caseReported, Area(street: "s02")).name == "case.reported.s02", "a street alone is a partition key")
        for bad in ["", "Case.reported", "case..reported", "case.", ".case", "case reported", String(repeating: "a", count: 201)] {
            #expect(throws: EnvelopeError.invalidTopic(bad)) { try Topic(bad) }
        }
    }

    @Test("wire frames round-trip and reject bad counts, names and numbers")
    func wireFrames() throws {
        let message = WireMessage(topic: "case.reported.s01", producer: "intake-1", epoch: 3, sequence: 42, payload: Data("{}".utf8))
        #expect(try WireMessage(frames: message.frames) == message)
        #expect(throws: EnvelopeError.wrongFrameCount(got: 4, expected: 5)) { try WireMessage(frames: Array(message.frames.prefix(4))) }
        var frames = message.frames
        frames[1] = Data("Intake 1".utf8)
        #expect(throws: EnvelopeError.invalidProducer("Intake 1")) { try WireMessage(frames: frames) }
        frames = message.frames
        frames[3] = Data("-1".utf8)
        #expect(throws: EnvelopeError.invalidNumber(frame: "sequence", text: "-1")) { try WireMessage(frames: frames) }
    }

    @Test("replay messages round-trip")
    func replayFrames() throws {
        let request = ReplayMessage.request(id: "r1", producer: "intake-1", from: 5, to: 9, prefixes: ["case.", "task.cg."])
        #expect(try ReplayMessage(frames: request.frames) == request)
        let end = ReplayMessage.end(id: "r1", through: 9, oldest: 1)
        #expect(try ReplayMessage(frames: end.frames) == end)
        #expect(throws: EnvelopeError.self) { try ReplayMessage(frames: [Data("FETCH".utf8), Data("1".utf8)]) }
        let head = ["REPLAY", "r2", "intake-1", "1", "9"].map { Data($0.utf8) }
        #expect(throws: EnvelopeError.invalidPrefixes("a replay request names at most 64 prefixes, not 65; ask in several requests")) {
            try ReplayMessage(frames: head + (0..<65).map { Data("case.\($0).".utf8) })
        }
        let sixtyFour = (0..<64).map { "case.\($0)." }
        #expect(try ReplayMessage(frames: head + sixtyFour.map { Data($0.utf8) }) == .request(id: "r2", producer: "intake-1", from: 1, to: 9, prefixes: sixtyFour))
        #expect(throws: EnvelopeError.invalidPrefixes("prefix 2 is 307200 bytes; a prefix is at most 200 (a topic's length)")) {
            try ReplayMessage(frames: head + [Data("case.".utf8), Data(repeating: 0x61, count: 300 * 1024)])
        }
    }
}
