public import Foundation

/// The replay exchange between a consumer's DEALER and a producer's ROUTER.
///
///     request  ["REPLAY", request-id, producer, from, to, prefix, prefix, ...]
///     replies  ["EVENT", request-id, topic, producer, epoch, sequence, payload]   (0..n, in order)
///              ["END", request-id, through, oldest]
///              ["ERROR", request-id, reason]
///
/// A reply covers `from...through` (through <= to): every event in that range whose topic starts
/// with one of the prefixes was sent before END. Events below `oldest` were pruned from the outbox.
public enum ReplayMessage: Sendable, Equatable {
    case request(id: String, producer: String, from: UInt64, to: UInt64, prefixes: [String])
    case event(id: String, WireMessage)
    case end(id: String, through: UInt64, oldest: UInt64)
    case error(id: String, reason: String)

    /// At most this many prefixes in one request, each at most a topic's length (`Topic.maximumLength`).
    public static let maximumPrefixes = 64
    /// A replay ROUTER takes requests up to this size; a larger one gets its sender disconnected, unanswered.
    public static let maximumRequestSize = 1024 * 1024

    public var frames: [Data] {
        switch self {
        case .request(let id, let producer, let from, let to, let prefixes):
            return ["REPLAY", id, producer, String(from), String(to)].map { Data($0.utf8) } + prefixes.map { Data($0.utf8) }
        case .event(let id, let message):
            return [Data("EVENT".utf8), Data(id.utf8)] + message.frames
        case .end(let id, let through, let oldest):
            return ["END", id, String(through), String(oldest)].map { Data($0.utf8) }
        case .error(let id, let reason):
            return ["ERROR", id, reason].map { Data($0.utf8) }
        }
    }

    public init(frames: [Data]) throws(EnvelopeError) {
        guard frames.count >= 2 else { throw .wrongFrameCount(got: frames.count, expected: 2) }
        let command = String(decoding: frames[0], as: UTF8.self)
        let id = String(decoding: frames[1].prefix(64), as: UTF8.self)
        switch command {
        case "REPLAY":
            guard frames.count >= 5 else { throw .wrongFrameCount(got: frames.count, expected: 5) }
            guard frames.count <= 5 + ReplayMessage.maximumPrefixes else {
                throw .invalidPrefixes("a replay request names at most \(ReplayMessage.maximumPrefixes) prefixes, not \(frames.count - 5); ask in several requests")
            }
            let producer = try ProducerName.validated(String(decoding: frames[2], as: UTF8.self))
            let from = try WireMessage.number(frames[3], frame: "from")
            let to = try WireMessage.number(frames[4], frame: "to")
            if let (index, long) = frames.dropFirst(5).enumerated().first(where: { $0.element.count > Topic.maximumLength }) {
                throw .invalidPrefixes("prefix \(index + 1) is \(long.count) bytes; a prefix is at most \(Topic.maximumLength) (a topic's length)")
            }
            let prefixes = frames.dropFirst(5).map { String(decoding: $0, as: UTF8.self) }
            self = .request(id: id, producer: producer, from: from, to: to, prefixes: prefixes)
        case "EVENT":
            self = .event(id: id, try WireMessage(frames: Array(frames.dropFirst(2))))
        case "END":
            guard frames.count == 4 else { throw .wrongFrameCount(got: frames.count, expected: 4) }
            self = .end(
                id: id, through: try WireMessage.number(frames[2], frame: "through"),
                oldest: try WireMessage.number(frames[3], frame: "oldest"))
        case "ERROR":
            guard frames.count == 3 else { throw .wrongFrameCount(got: frames.count, expected: 3) }
            self = .error(id: id, reason: String(decoding: frames[2], as: UTF8.self))
        default:
            throw .invalidAttribute(name: "command", reason: "unknown replay command '\(command.prefix(20))'")
        }
    }
}
