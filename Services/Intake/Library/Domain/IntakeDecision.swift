import CityModel
public import Contracts
public import Envelope
public import Foundation

/// Everything one event (or one watch falling due) makes intake do, decided by the domain and recorded by
/// the store in one transaction: the event as received, the case it opens (its number and id chosen here)
/// or the open case it joins, what the device said, the watches it arms and disarms, the events it
/// publishes with their ids, and the answer.
public struct IntakeDecision: Sendable {
    /// The event as received (nil for a watch that fell due).
    public var received: ReceivedEvent?
    /// The case it opens.
    public var opened: OpenedCase?
    /// The open case whose alarm count goes up (a repeated alarm, a linked report).
    public var joined: String?
    /// The device heard: what it said, as intake now remembers it.
    public var heard: HeardDevice?
    public var watches: [WatchChange] = []
    public var emissions: [Emission] = []
    /// What intake did, and the case it belongs to (nil when none).
    public var outcome: IngestOutcome
    public var caseID: String?
    /// The answer to the sender (a watch has none).
    public var reply: IngestReply?

    public init(received: ReceivedEvent?, outcome: IngestOutcome) { (self.received, self.outcome) = (received, outcome) }
}

/// An event as intake received it: the row every event keeps, whatever became of it.
public struct ReceivedEvent: Sendable, Equatable {
    public var source, id, type: String
    public var payload: Data

    public init(source: String, id: String, type: String, payload: Data) { (self.source, self.id, self.type, self.payload) = (source, id, type, payload) }

    public var reference: SourceEvent { SourceEvent(source: source, id: id, type: type) }
}

/// A case intake opens: its number (the store's next), its id, what it says, and its first public status.
public struct OpenedCase: Sendable, Equatable {
    public var number: Int64
    public var caseID: String
    public var triage: Triage
    public var status: PublicStatus
}

/// A device intake heard from, and its memory after it.
public struct HeardDevice: Sendable, Equatable {
    public var device: String
    public var memory: DeviceMemory
    public var at: Date
}

/// A watch armed (due at `due`), disarmed (fired: it waits for the next sign of life), or dropped (nothing
/// calls for it any more: a retired device).
public enum WatchChange: Sendable, Equatable {
    case arm(WatchKind, subject: String, due: Date)
    case disarm(WatchKind, subject: String)
    case drop(WatchKind, subject: String)
}

/// What the store knows that bears on a decision, loaded for it.
public struct IntakeContext: Sendable, Equatable {
    /// A device alarm: the device's newest case in this category, if it is still open.
    public var openCase: String?
    /// A device: what it said before.
    public var memory: DeviceMemory
    /// A resident's report: open cases of its category opened within the duplicate window near it.
    public var nearby: [NearbyCase]
    /// The number the next case opened gets.
    public var nextCaseNumber: Int64
    /// This intake's producer name: a case's id is `<producer>-<number>`.
    public var producer: String

    public init(openCase: String? = nil, memory: DeviceMemory = DeviceMemory(), nearby: [NearbyCase] = [], nextCaseNumber: Int64 = 1,
                producer: String = "intake-1") {
        (self.openCase, self.memory, self.nearby, self.nextCaseNumber, self.producer) = (openCase, memory, nearby, nextCaseNumber, producer)
    }
}
