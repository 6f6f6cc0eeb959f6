public import Foundation

/// One published message on the bus, as frames:
///
///     [0] topic      "case.reported.s01.c02.g05"   (what SUB filters on)
///     [1] producer   "intake-1"                     (who numbered it)
///     [2] epoch      "7"                            (the producer's start count, decimal)
///     [3] sequence   "10234"                        (the producer's sequence, decimal, never reused)
///     [4] payload    a CloudEvent, JSON structured mode; for heartbeats a small JSON object
public struct WireMessage: Sendable, Hashable {
    public static let frameCount = 5

    public var topic: String
    public var producer: String
    public var epoch: UInt64
    public var sequence: UInt64
    public var payload: Data

    public init(topic: String, producer: String, epoch: UInt64, sequence: UInt64, payload: Data) {
        self.topic = topic
        self.producer = producer
        self.epoch = epoch
        self.sequence = sequence
        self.payload = payload
    }

    public var frames: [Data] {
        [Data(topic.utf8), Data(producer.utf8), Data(String(epoch).utf8), Data(String(sequence).utf8), payload]
    }

    /// Parses frames, checking count, topic, producer name and numbers; the payload is not decoded here.
    public init(frames: [Data]) throws(EnvelopeError) {
        guard frames.count == WireMessage.frameCount else {
            throw .wrongFrameCount(got: frames.count, expected: WireMessage.frameCount)
        }
        let topic = String(decoding: frames[0], as: UTF8.self)
        guard Topic.isValid(topic) else { throw .invalidTopic(topic) }
        let producer = try ProducerName.validated(String(decoding: frames[1], as: UTF8.self))
        self.init(
            topic: topic, producer: producer,
            epoch: try WireMessage.number(frames[2], frame: "epoch"),
            sequence: try WireMessage.number(frames[3], frame: "sequence"),
            payload: frames[4])
    }

    static func number(_ frame: Data, frame name: String) throws(EnvelopeError) -> UInt64 {
        let text = String(decoding: frame, as: UTF8.self)
        guard frame.count <= 20, let value = UInt64(text) else { throw .invalidNumber(frame: name, text: text) }
        return value
    }

    public var isHeartbeat: Bool { topic.hasPrefix(Heartbeat.topicPrefix) }

    /// The heartbeat this message carries, nil for an event or a heartbeat whose payload does not decode.
    public var heartbeat: Heartbeat? {
        guard isHeartbeat else { return nil }
        return try? JSONValueDecoder().decode(Heartbeat.self, from: JSONValue.parse(payload))
    }
}
