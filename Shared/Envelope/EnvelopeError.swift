/// Why bytes were not accepted as a Whistle message. Each case names the exact fault so the
/// sender can fix it; none of them changes any state.
public enum EnvelopeError: Error, Sendable, Equatable, CustomStringConvertible {
    case oversize(bytes: Int, limit: Int)
    case malformedJSON(String)
    case missingAttribute(String)
    case invalidAttribute(name: String, reason: String)
    case unsupportedSpecVersion(String)
    case wrongFrameCount(got: Int, expected: Int)
    case invalidTopic(String)
    case invalidProducer(String)
    case invalidNumber(frame: String, text: String)
    /// A replay request's prefixes: too many, or one longer than a topic.
    case invalidPrefixes(String)

    public var description: String {
        switch self {
        case .oversize(let bytes, let limit): "message of \(bytes) bytes exceeds the \(limit)-byte limit"
        case .malformedJSON(let detail): "malformed JSON: \(detail)"
        case .missingAttribute(let name): "CloudEvent is missing required attribute '\(name)'"
        case .invalidAttribute(let name, let reason): "CloudEvent attribute '\(name)' is invalid: \(reason)"
        case .unsupportedSpecVersion(let version): "CloudEvents specversion '\(version)' is not supported (expected 1.0)"
        case .wrongFrameCount(let got, let expected): "expected \(expected) frames, got \(got)"
        case .invalidTopic(let topic): "invalid topic '\(topic.prefix(80))': lowercase dotted segments of [a-z0-9_-] expected"
        case .invalidProducer(let name): "invalid producer name '\(name.prefix(80))': 1-64 characters of [a-z0-9_-] expected"
        case .invalidNumber(let frame, let text): "frame '\(frame)' must be a decimal number, got '\(text.prefix(40))'"
        case .invalidPrefixes(let reason): reason
        }
    }

    /// A short stable label for metrics and logs.
    public var kind: String {
        switch self {
        case .oversize: "oversize"
        case .malformedJSON: "malformed_json"
        case .missingAttribute: "missing_attribute"
        case .invalidAttribute: "invalid_attribute"
        case .unsupportedSpecVersion: "unsupported_specversion"
        case .wrongFrameCount: "wrong_frame_count"
        case .invalidTopic: "invalid_topic"
        case .invalidProducer: "invalid_producer"
        case .invalidNumber: "invalid_number"
        case .invalidPrefixes: "invalid_prefixes"
        }
    }
}
