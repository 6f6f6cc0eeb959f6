public import Messaging

/// Why intake refused a report or event. Nothing is stored for a refused request.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    case envelope(EnvelopeError)
    case unknownType(String)
    case unknownCategory(String)
    case invalidReport(field: String, reason: String)
    case unlocatable
    case wrongFrameCount(Int)

    public var kind: String {
        switch self {
        case .envelope(let error): error.kind
        case .unknownType: "unknown_type"
        case .unknownCategory: "unknown_category"
        case .invalidReport: "invalid_report"
        case .unlocatable: "unlocatable"
        case .wrongFrameCount: "wrong_frame_count"
        }
    }

    public var description: String {
        switch self {
        case .envelope(let error): error.description
        case .unknownType(let type): "event type '\(type.prefix(80))' is neither a report (whistle.report.*) nor a known sensor or gate event"
        case .unknownCategory(let code): "unknown category '\(code.prefix(40))'"
        case .invalidReport(let field, let reason): "data.\(field) \(reason)"
        case .unlocatable: "the report has no location inside the city: give longitude+latitude, an address, or a grid code"
        case .wrongFrameCount: "an ingest request is exactly one frame: a CloudEvent"
        }
    }
}
