public import Foundation

/// A CloudEvents 1.0 event, carried in JSON structured mode: the envelope of every message
/// in Whistle. `id` + `source` identify an event uniquely (the same pair twice is one event).
public struct CloudEvent: Sendable, Hashable {
    public static let specVersion = "1.0"
    /// The largest encoded event the suite accepts anywhere.
    public static let maximumEncodedSize = 256 * 1024

    public var id: String
    public var source: String
    public var type: String
    public var time: Date?
    public var subject: String?
    public var dataContentType: String?
    public var data: JSONValue?

    public init(
        id: String = UUID().uuidString.lowercased(), source: String, type: String, time: Date? = Date(),
        subject: String? = nil, dataContentType: String? = "application/json", data: JSONValue? = nil
    ) {
        (self.id, self.source, self.type, self.time) = (id, source, type, time)
        (self.subject, self.dataContentType, self.data) = (subject, dataContentType, data)
    }
}

extension CloudEvent {
    /// Decodes and validates one structured-mode event, with a specific error for every fault.
    public static func decode(_ bytes: Data) throws(EnvelopeError) -> CloudEvent {
        guard bytes.count <= maximumEncodedSize else {
            throw .oversize(bytes: bytes.count, limit: maximumEncodedSize)
        }
        guard case .object(let attributes) = try JSONValue.parse(bytes) else {
            throw .malformedJSON("a structured-mode CloudEvent must be a JSON object")
        }
        func text(_ name: String) throws(EnvelopeError) -> String? {
            switch attributes[name] {
            case nil, .null?: return nil
            case .string(let string)?: return string
            default: throw .invalidAttribute(name: name, reason: "must be a string")
            }
        }
        guard let specVersion = try text("specversion") else { throw .missingAttribute("specversion") }
        guard specVersion == CloudEvent.specVersion else { throw .unsupportedSpecVersion(specVersion) }
        var required: [String] = []
        for name in ["id", "source", "type"] {
            guard let value = try text(name) else { throw .missingAttribute(name) }
            guard !value.isEmpty else { throw .invalidAttribute(name: name, reason: "must be a non-empty string") }
            required.append(value)
        }
        var time: Date?
        if let stamp = try text("time") {
            guard let parsed = RFC3339.parse(stamp) else {
                throw .invalidAttribute(name: "time", reason: "must be an RFC 3339 timestamp")
            }
            time = parsed
        }
        return CloudEvent(
            id: required[0], source: required[1], type: required[2], time: time, subject: try text("subject"),
            dataContentType: try text("datacontenttype"),
            data: attributes["data"])
    }

    /// Encodes in structured mode; fails if the result is over the size limit.
    public func encoded() throws(EnvelopeError) -> Data {
        var attributes: [String: JSONValue] = [
            "specversion": .string(CloudEvent.specVersion), "id": .string(id), "source": .string(source), "type": .string(type),
        ]
        attributes["time"] = time.map { .string(RFC3339.format($0)) }
        attributes["subject"] = subject.map { .string($0) }
        attributes["datacontenttype"] = dataContentType.map { .string($0) }
        attributes["data"] = data
        let bytes = try JSONValue.object(attributes).jsonData()
        guard bytes.count <= CloudEvent.maximumEncodedSize else {
            throw .oversize(bytes: bytes.count, limit: CloudEvent.maximumEncodedSize)
        }
        return bytes
    }
}
