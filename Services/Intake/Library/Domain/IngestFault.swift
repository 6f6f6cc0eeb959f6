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
    case rateLimited(String)
    /// A resident behind the integrator `sender` has used their allowance: `count` reports within `seconds`.
    case residentRateLimited(resident: String, sender: String, count: Int, seconds: Int)
    case unknownDevice(String)

    public var refusal: IngestRefusal {
        switch self {
        case .envelope(let error): IngestRefusal(rawValue: error.kind) ?? .malformedJSON
        case .unknownType: .unknownType
        case .unknownCategory: .unknownCategory
        case .invalidReport: .invalidReport
        case .unlocatable: .unlocatable
        case .wrongFrameCount: .wrongFrameCount
        case .forbidden: .forbidden
        case .rateLimited, .residentRateLimited: .rateLimited
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
        case .rateLimited(let identity): "'\(identity)' sent more than its rate allows; retry shortly with the same source and id"
        case .residentRateLimited(let resident, let sender, let count, let seconds):
            "resident '\(resident.prefix(80))' has sent \(count) reports through '\(sender)' within \(seconds) s, as many as one resident may; retry later with the same source and id"
        }
    }

    /// The answer that carries this refusal.
    public var reply: IngestReply { IngestReply(status: .rejected, error: refusal, message: description) }
}
