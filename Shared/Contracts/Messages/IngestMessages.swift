public import Envelope

/// The `data` of a resident's or grid worker's report (`whistle.report.resident`, `whistle.report.grid-worker`)
/// sent to intake's ingest. Location, first that works: `longitude` + `latitude`, `address`, `grid`.
public struct ResidentReport: MessageContract, Equatable {
    public static let messageName = "resident-report"
    public static let summary = "The data of a report sent to intake: its category, where, what happened, who reports it."
    public static let eventTypes = ["whistle.report.resident", "whistle.report.grid-worker"]

    /// A category code of the city (`gkpw` 高空抛物, `ljdf` 垃圾堆放 …).
    public var category: String
    public var longitude, latitude: Double?
    public var address, grid, description, reporter: String?

    public init(category: String, longitude: Double? = nil, latitude: Double? = nil, address: String? = nil,
                grid: String? = nil, description: String? = nil, reporter: String? = nil) {
        (self.category, self.longitude, self.latitude, self.address) = (category, longitude, latitude, address)
        (self.grid, self.description, self.reporter) = (grid, description, reporter)
    }

    /// Who reports, by CloudEvent type.
    public static func origin(ofType type: String) -> Origin? {
        switch type {
        case eventTypes[0]: .resident
        case eventTypes[1]: .gridWorker
        default: nil
        }
    }
}

/// The `data` of a sensor or gate event (`whistle.sensor.smoke`, `whistle.gate.forced-open` …; the city
/// file says which types mean which category).
public struct DeviceEvent: MessageContract, Equatable {
    public static let messageName = "device-event"
    public static let summary = "The data of a sensor or access-control gate event sent to intake."
    /// Gate event types start with this; other device types are sensors.
    public static let gateTypePrefix = "whistle.gate."

    public var device: String?
    public var longitude, latitude: Double?
    public var address, grid, description: String?

    public init(device: String? = nil, longitude: Double? = nil, latitude: Double? = nil, address: String? = nil,
                grid: String? = nil, description: String? = nil) {
        (self.device, self.longitude, self.latitude, self.address) = (device, longitude, latitude, address)
        (self.grid, self.description) = (grid, description)
    }
}

/// Intake's answer to every ingest request, sent only after the case is committed:
/// `{"case":"intake-1-42","category":"gkpw","grid":"g01","joined":false,"level":"community","priority":"high","status":"accepted"}`.
/// The same `source` + `id` again gets these very bytes back.
public struct IngestReply: MessageContract, Equatable {
    public static let messageName = "ingest-reply"
    public static let summary = "Intake's answer to a report or device event, after commit."

    public var status: IngestStatus
    public var caseID, category, grid: String?
    /// True when a repeated alarm from the same device joined its open case (nothing new is published then).
    public var joined: Bool?
    public var level: HandlingLevel?
    public var priority: Priority?
    public var error: IngestRefusal?
    public var message: String?

    enum CodingKeys: String, CodingKey { case status, caseID = "case", joined, category, grid, level, priority, error, message }

    public init(status: IngestStatus, caseID: String? = nil, joined: Bool? = nil, category: String? = nil, grid: String? = nil,
                level: HandlingLevel? = nil, priority: Priority? = nil, error: IngestRefusal? = nil, message: String? = nil) {
        (self.status, self.caseID, self.category, self.grid, self.joined) = (status, caseID, category, grid, joined)
        (self.level, self.priority, self.error, self.message) = (level, priority, error, message)
    }
}

public enum IngestStatus: String, ContractEnum {
    case accepted, rejected
}

/// Why intake refused a request. Nothing is stored for a refused request.
public enum IngestRefusal: String, ContractEnum {
    case oversize, malformedJSON = "malformed_json", missingAttribute = "missing_attribute"
    case invalidAttribute = "invalid_attribute", unsupportedSpecversion = "unsupported_specversion"
    case wrongFrameCount = "wrong_frame_count", unknownType = "unknown_type", unknownCategory = "unknown_category"
    case invalidReport = "invalid_report", unlocatable, unavailable
    /// The sending key may not send this event type or source (an integrator's certificate lists both).
    case forbidden
    /// The sending key sent more than its rate allows; retry shortly (the same `source` + `id` is safe).
    case rateLimited = "rate_limited"
}
