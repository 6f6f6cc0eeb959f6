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
    public var address, grid, description: String?
    /// Who reports: a reference (a resident id, an app's account), never a name or number.
    public var reporter: String?
    /// The reporter's phone number: kept once in intake; what leaves intake carries it masked (138****5678).
    public var phone: String?
    /// Open a case even when an open case of the same category is near (the reporter saw the suggested
    /// duplicate and says theirs is another problem).
    public var insist: Bool?
    /// A grid worker's patrol report (`whistle.report.grid-worker`) of a problem they settled on the spot:
    /// the case is recorded as resolved at grid level.
    public var resolved: Bool?

    public init(category: String, longitude: Double? = nil, latitude: Double? = nil, address: String? = nil,
                grid: String? = nil, description: String? = nil, reporter: String? = nil, phone: String? = nil,
                insist: Bool? = nil, resolved: Bool? = nil) {
        (self.category, self.longitude, self.latitude, self.address) = (category, longitude, latitude, address)
        (self.grid, self.description, self.reporter, self.phone) = (grid, description, reporter, phone)
        (self.insist, self.resolved) = (insist, resolved)
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

/// Intake's answer to every ingest request, sent only after the case is committed:
/// `{"case":"intake-1-42","category":"gkpw","grid":"g01","joined":false,"level":"community","priority":"high","status":"accepted"}`.
/// The same `source` + `id` again gets these very bytes back.
public struct IngestReply: MessageContract, Equatable {
    public static let messageName = "ingest-reply"
    public static let summary = "Intake's answer to a report or device event, after commit."

    public var status: IngestStatus
    public var caseID, category, grid: String?
    /// True when the event became part of an open case (`case`) instead of opening its own: `outcome`
    /// `joined`, `linked` or `annotated`; false when it opened one or belongs to none (`recorded`,
    /// `suppressed`). `outcome` says which.
    public var joined: Bool?
    /// What intake did with the event.
    public var outcome: IngestOutcome?
    /// The device is not in the registry and intake is configured to accept such events, flagged.
    public var unregistered: Bool?
    public var level: HandlingLevel?
    public var priority: Priority?
    public var error: Refusal?
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case status, caseID = "case", joined, outcome, unregistered, category, grid, level, priority, error, message
    }

    public init(status: IngestStatus, caseID: String? = nil, joined: Bool? = nil, outcome: IngestOutcome? = nil, unregistered: Bool? = nil,
                category: String? = nil, grid: String? = nil, level: HandlingLevel? = nil, priority: Priority? = nil,
                error: Refusal? = nil, message: String? = nil) {
        (self.status, self.caseID, self.category, self.grid, self.joined) = (status, caseID, category, grid, joined)
        (self.outcome, self.unregistered) = (outcome, unregistered)
        (self.level, self.priority, self.error, self.message) = (level, priority, error, message)
    }
}

public enum IngestStatus: String, ContractEnum {
    case accepted, rejected
}

/// What intake did with an accepted event.
public enum IngestOutcome: String, ContractEnum {
    /// A new case (`case` names it) and its `case.reported`.
    case opened
    /// A repeated alarm from a device joined its still-open case; nothing is published.
    case joined
    /// A report of the same category near an open case was linked to it (`case` names it); the reporter
    /// follows that case. Send `insist: true` to open a case anyway.
    case linked
    /// A device's `cleared` reading annotated its open case (`whistle.device.cleared`).
    case annotated
    /// Kept, but no case: a reading under its threshold, a heartbeat, a passage, a clear with no open case.
    case recorded
    /// The device is flapping (alarm and clear too often): kept, but it opens nothing until it settles.
    case suppressed
}
