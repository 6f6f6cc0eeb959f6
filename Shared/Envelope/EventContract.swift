/// A message published on the bus, as a typed value: its `data` is the value's JSON form, its CloudEvent
/// `type` and topic come from the value itself. The suite's events are declared in `Contracts`; nothing
/// else spells a type string or a topic.
public protocol EventContract: Codable, Sendable {
    /// Every CloudEvent `type` values of this contract are published as (most contracts have one).
    static var eventTypes: [String] { get }
    /// What it means, for the schema and the protocol document.
    static var summary: String { get }
    /// This value's CloudEvent `type`; one of `eventTypes`.
    var eventType: String { get }
    /// The topic it is published on; the area comes last so prefixes partition.
    var topic: Topic { get }
    /// The CloudEvent `subject` (the case or task it is about).
    var subject: String? { get }
}

extension EventContract {
    public var eventType: String { Self.eventTypes[0] }
    public var subject: String? { nil }
}

/// A request sent to a service's command endpoint and answered after commit. The client chooses the
/// `command` id; the same id again gets the identical reply, so a lost reply is safe to retry.
public protocol CommandContract: Codable, Sendable {
    /// The name the schema and the protocol document use (`department-command`).
    static var commandName: String { get }
    static var summary: String { get }
    /// The client-chosen command id.
    var command: String { get }
}

/// A reply, an ingest request's data, or any other message body with a schema.
public protocol MessageContract: Codable, Sendable {
    /// The schema's name (`command-reply`).
    static var messageName: String { get }
    static var summary: String { get }
}

/// An event a decision emits, with the CloudEvent `id` it is published under (unique for its producer).
public struct Emission: Sendable {
    public let id: String
    public let event: any EventContract

    public init(id: String, event: any EventContract) {
        self.id = id
        self.event = event
    }
}
