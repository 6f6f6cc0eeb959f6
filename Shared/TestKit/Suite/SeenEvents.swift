import Contracts
public import Envelope
public import Messaging
import Synchronization

/// Every event the suite's watcher saw, in the order it applied them, readable from a test.
public final class SeenEvents: Sendable {
    private let events = Mutex<[DeliveredEvent]>([])

    public init() {}

    func append(_ event: DeliveredEvent) { events.withLock { $0.append(event) } }

    public var all: [DeliveredEvent] { events.withLock { $0 } }

    /// The events published on topics starting with `prefix`.
    public func on(_ prefix: String) -> [DeliveredEvent] { all.filter { $0.topic.hasPrefix(prefix) } }

    /// Every event of a contract's types, decoded.
    public func events<Event: EventContract>(_ type: Event.Type) -> [Event] {
        all.filter { Event.eventTypes.contains($0.event.type) }
            .compactMap { try? JSONValueDecoder().decode(Event.self, from: $0.event.data ?? .null) }
    }

    /// The CloudEvent types of a case's status steps, in order.
    public func steps(of caseID: String) -> [String] {
        on(Topics.caseStatus).filter { $0.event.subject == caseID }.map(\.event.type)
    }
}
