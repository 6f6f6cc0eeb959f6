public import Envelope
public import Foundation
public import GRDB

/// A delivered event, typed: the contract value and the envelope facts around it.
public struct Received<Event: Sendable>: Sendable {
    public var event: Event
    /// The CloudEvent `id` and `source`; together they identify the event.
    public var id: String
    public var source: String
    public var type: String
    public var time: Date?
    public var producer: String
    public var sequence: UInt64
    public var topic: String
}

/// What a consumer does with each event type: a typed handler per contract, run inside the transaction
/// that also records the consumer's offset. Each event's `data` is decoded into its contract from the
/// tree the envelope parser already built. An event type nobody registered is skipped (and counted by
/// the consumer); it still counts as applied, so the position moves past it exactly as it should.
/// A handler changes nothing but the database it is handed: when one event of a batch fails, the batch
/// is rolled back and redone event by event, so anything else it touched would happen twice.
public struct EventHandlers: Sendable {
    public typealias Handler<Event: Sendable> = @Sendable (Database, Received<Event>) throws -> Void
    typealias Apply = @Sendable (Database, DeliveredEvent) throws -> Void

    private var table: [String: Apply] = [:]
    private var fallback: Apply?

    public init() {}

    /// Handles every type `Event` is published as.
    public mutating func on<Event: EventContract>(_ type: Event.Type, _ handler: @escaping Handler<Event>) {
        for eventType in Event.eventTypes {
            table[eventType] = { db, delivered in
                let event: Event
                do {
                    event = try JSONValueDecoder().decode(Event.self, from: delivered.event.data ?? .null)
                } catch let error as DecodingError {
                    throw UnreadableEvent(type: eventType, field: error.fieldAndReason.field, reason: error.fieldAndReason.reason)
                }
                try handler(db, Received(
                    event: event, id: delivered.event.id, source: delivered.event.source, type: delivered.event.type,
                    time: delivered.event.time, producer: delivered.producer, sequence: delivered.sequence, topic: delivered.topic))
            }
        }
    }

    /// Handles every event no typed handler takes, as delivered (for tools and tests that watch everything).
    public mutating func otherwise(_ handler: @escaping @Sendable (Database, DeliveredEvent) throws -> Void) {
        fallback = handler
    }

    /// Every event type with a handler.
    public var eventTypes: Set<String> { Set(table.keys) }

    /// Applies one event; false when no handler knows its type.
    func apply(_ db: Database, _ delivered: DeliveredEvent) throws -> Bool {
        guard let apply = table[delivered.event.type] ?? fallback else { return false }
        try apply(db, delivered)
        return true
    }
}

/// An event of a known type whose `data` does not match its contract; the consumer dead-letters it.
public struct UnreadableEvent: Error, CustomStringConvertible {
    public let type: String
    public let field: String
    public let reason: String
    public var description: String { "\(type): data.\(field) \(reason)" }
}
