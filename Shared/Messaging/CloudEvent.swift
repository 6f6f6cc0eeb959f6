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
        self.id = id
        self.source = source
        self.type = type
        self.time = time
        self.subject = subject
        self.dataContentType = dataContentType
        self.data = data
    }
}

extension CloudEvent {
    /// Decodes and validates one structured-mode event, with a specific error for every fault.
    public static func decode(_ bytes: Data) throws(EnvelopeError) -> CloudEvent {
        guard bytes.count <= maximumEncodedSize else {
            throw .oversize(bytes: bytes.count, limit: maximumEncodedSize)
        }
        let wire: WireEvent
        do {
            wire = try JSONDecoder().decode(WireEvent.self, from: bytes)
        } catch let error as EnvelopeError {
            throw error
        } catch let DecodingError.dataCorrupted(context) {
            throw .malformedJSON(context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        } catch let DecodingError.typeMismatch(_, context) {
            throw .invalidAttribute(name: context.codingPath.first?.stringValue ?? "?", reason: "wrong type")
        } catch {
            throw .malformedJSON("\(error)")
        }
        return try wire.validated()
    }

    /// Encodes in structured mode; fails if the result is over the size limit.
    public func encoded() throws(EnvelopeError) -> Data {
        let bytes: Data
        do {
            bytes = try CloudEvent.encoder.encode(WireEvent(self))
        } catch {
            throw .malformedJSON("could not encode: \(error)")
        }
        guard bytes.count <= CloudEvent.maximumEncodedSize else {
            throw .oversize(bytes: bytes.count, limit: CloudEvent.maximumEncodedSize)
        }
        return bytes
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// The JSON shape of an event, attribute names as the spec spells them.
private struct WireEvent: Codable {
    var id: String?
    var source: String?
    var specversion: String?
    var type: String?
    var time: String?
    var subject: String?
    var datacontenttype: String?
    var data: JSONValue?

    init(_ event: CloudEvent) {
        id = event.id
        source = event.source
        specversion = CloudEvent.specVersion
        type = event.type
        time = event.time.map { Date.ISO8601FormatStyle(includingFractionalSeconds: true).format($0) }
        subject = event.subject
        datacontenttype = event.dataContentType
        data = event.data
    }

    func validated() throws(EnvelopeError) -> CloudEvent {
        guard let specversion else { throw .missingAttribute("specversion") }
        guard specversion == CloudEvent.specVersion else { throw .unsupportedSpecVersion(specversion) }
        guard let id else { throw .missingAttribute("id") }
        guard let source else { throw .missingAttribute("source") }
        guard let type else { throw .missingAttribute("type") }
        for (name, value) in [("id", id), ("source", source), ("type", type)] where value.isEmpty {
            throw .invalidAttribute(name: name, reason: "must be a non-empty string")
        }
        var date: Date?
        if let time {
            guard let parsed = WireEvent.parseTime(time) else {
                throw .invalidAttribute(name: "time", reason: "must be an RFC 3339 timestamp")
            }
            date = parsed
        }
        return CloudEvent(
            id: id, source: source, type: type, time: date, subject: subject,
            dataContentType: datacontenttype, data: data)
    }

    static func parseTime(_ text: String) -> Date? {
        // RFC 3339: a zone offset is required; fractional seconds are optional.
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
