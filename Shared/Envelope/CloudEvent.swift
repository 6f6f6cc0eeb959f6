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
        var attributes = Attributes()
        try JSONValue.parseMembers(bytes) { name, value in
            switch name {
            case "specversion": attributes.specversion = value
            case "id": attributes.id = value
            case "source": attributes.source = value
            case "type": attributes.type = value
            case "time": attributes.time = value
            case "subject": attributes.subject = value
            case "datacontenttype": attributes.datacontenttype = value
            case "data": attributes.data = value
            default: break   // extension attributes: not used by Whistle
            }
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

    /// Encodes in structured mode, keys sorted (as `JSONValue` writes objects); fails if the result is over
    /// the size limit. The attributes are known, so they are written in their order without a dictionary.
    public func encoded() throws(EnvelopeError) -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        output.append(UInt8(ascii: "{"))
        func member(_ name: StaticString, _ value: String?) {
            guard let value else { return }
            if output.count > 1 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            output.append(contentsOf: "\":".utf8)
            JSONValue.writeString(value, into: &output)
        }
        if let data {
            output.append(contentsOf: "\"data\":".utf8)
            try data.write(into: &output)
        }
        member("datacontenttype", dataContentType)
        member("id", id)
        member("source", source)
        member("specversion", CloudEvent.specVersion)
        member("subject", subject)
        member("time", time.map(RFC3339.format))
        member("type", type)
        output.append(UInt8(ascii: "}"))
        let bytes = Data(output)
        guard bytes.count <= CloudEvent.maximumEncodedSize else {
            throw .oversize(bytes: bytes.count, limit: CloudEvent.maximumEncodedSize)
        }
        return bytes
    }
}

/// The context attributes of a structured-mode event as read, before they are checked.
private struct Attributes {
    var specversion, id, source, type, time, subject, datacontenttype, data: JSONValue?

    subscript(name: String) -> JSONValue? {
        switch name {
        case "specversion": specversion
        case "id": id
        case "source": source
        case "type": type
        case "time": time
        case "subject": subject
        case "datacontenttype": datacontenttype
        default: data
        }
    }
}
