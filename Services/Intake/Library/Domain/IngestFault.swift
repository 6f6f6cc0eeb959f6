public import Contracts
public import Envelope

/// Why intake refused a report or event. Nothing is stored for a refused request.
public enum IngestFault: Error, Sendable, Equatable, CustomStringConvertible {
    case envelope(EnvelopeError)
    case unknownType(String)
    case unknownCategory(String)
    case invalidReport(field: String, reason: String)
    case unlocatable
    case wrongFrameCount
    case forbidden(String)
    case unknownDevice(String)

    public var refusal: Refusal {
        switch self {
        case .envelope(let error): Refusal(rawValue: error.kind) ?? .malformedJSON
        case .unknownType: .unknownType
        case .unknownCategory: .unknownCategory
        case .invalidReport: .invalidReport
        case .unlocatable: .unlocatable
        case .wrongFrameCount: .wrongFrameCount
        case .forbidden: .forbidden
        case .unknownDevice: .unknownDevice
        }
    }

    public var description: String {
        switch self {
        case .envelope(let error): error.description
        case .unknownType(let type): "event type '\(type.prefix(80))' is neither a report (whistle.report.*) nor a known sensor or gate event"
        case .unknownCategory(let code): "unknown category '\(code.prefix(40))'"
        case .invalidReport(let field, let reason): "data\(field.isEmpty ? "" : ".")\(field) \(reason)"
        case .unlocatable: "the report has no location inside the city: give longitude+latitude, an address, or a grid code"
        case .wrongFrameCount: "an ingest request is exactly one frame: a CloudEvent"
        case .forbidden(let reason), .unknownDevice(let reason): reason
        }
    }

    /// The refusal, in the suite's one vocabulary, with this fault's words.
    public var refused: Refused { Refused(refusal, description) }
}
