import Envelope
import Foundation

/// What a consumer knows about one producer: how far it has applied, what it has seen
/// announced, events that arrived early, and the replay it is waiting for.
struct ProducerCursor {
    /// Everything through this sequence is applied or known not to match (includes the open batch).
    var applied: UInt64
    /// What the last committed transaction recorded; `applied` falls back to it if a commit fails.
    var committed: UInt64
    var epoch: UInt64
    /// The highest sequence seen in an event or heartbeat.
    var knownHead: UInt64 = 0
    /// Matching events that arrived ahead of a gap, by sequence.
    var pending: [UInt64: DeliveredEvent] = [:]
    var replayEndpoint: String?
    var replay: InFlightReplay?
    var failedAttempts = 0
    var retryAfter: ContinuousClock.Instant?
    /// Which event each recently applied sequence was, to tell a harmless repeat from a conflict.
    /// A reference: the cursor is copied out and back on every event, the ring must not be.
    let recent = RecentEvents()

    init(applied: UInt64, epoch: UInt64) {
        self.applied = applied
        self.committed = applied
        self.epoch = epoch
        self.knownHead = applied
    }

    /// The range this consumer is missing and must ask the producer for, if any.
    var gap: ClosedRange<UInt64>? {
        let upTo = (pending.keys.min() ?? (knownHead + 1)) - 1
        return upTo > applied ? (applied + 1)...upTo : nil
    }

    /// The identity (`source#id`) of the event this consumer holds or recently applied at `sequence`.
    func identity(at sequence: UInt64) -> String? { pending[sequence]?.identity ?? recent[sequence]?.identity }

    /// Whether `payload` at `sequence` is byte for byte the event already held or recently applied there — the
    /// copy another bus brought — so it can be dropped without decoding it.
    func isCopy(at sequence: UInt64, payload: Data) -> Bool {
        if let held = pending[sequence] { return held.payload == payload }
        guard sequence <= applied, let digest = recent[sequence]?.digest else { return false }
        return digest == RecentEvents.digest(payload)
    }

    /// Takes the next in-order event and any early ones it unblocks; returns them in order.
    mutating func accept(_ event: DeliveredEvent) -> [DeliveredEvent] {
        knownHead = max(knownHead, event.sequence)
        guard event.sequence == applied + 1 else {
            pending[event.sequence] = event
            return []
        }
        applied = event.sequence
        var released = [event]                     // one array per event, also with early events to release
        drainPending(into: &released)
        return released
    }

    /// After a replay END: everything through `through` has been sent, so early events at or
    /// below it are now in order, and the filtered-out rest is accounted for.
    mutating func advance(through: UInt64) -> [DeliveredEvent] {
        guard through > applied else { return [] }
        var released: [DeliveredEvent] = []
        for sequence in pending.keys.sorted() where sequence <= through {
            released.append(pending.removeValue(forKey: sequence)!)
        }
        applied = through
        knownHead = max(knownHead, through)
        drainPending(into: &released)
        return released
    }

    private mutating func drainPending(into released: inout [DeliveredEvent]) {
        while !pending.isEmpty, let next = pending.removeValue(forKey: applied + 1) {
            released.append(next)
            applied += 1
        }
    }
}

/// The identities of the last `capacity` events applied from one producer, by sequence (a ring).
/// A class so that copying a `ProducerCursor` shares it instead of copying 16,384 slots per event.
final class RecentEvents {
    static let capacity = 16_384
    /// The event's `source` and `id` as they came (joined into its identity only when asked: not once per event).
    private var slots: [(sequence: UInt64, source: String, id: String, digest: Int?)?] = []

    /// The event applied at `sequence`, while it is remembered.
    subscript(sequence: UInt64) -> Remembered? {
        guard !slots.isEmpty, let slot = slots[Int(sequence % UInt64(Self.capacity))], slot.sequence == sequence else { return nil }
        return Remembered(source: slot.source, id: slot.id, digest: slot.digest)
    }

    /// A remembered event: its identity (built only when asked: a second bus's copy needs only the digest) and, when
    /// kept, the digest of its bytes.
    struct Remembered {
        let source, id: String
        let digest: Int?
        var identity: String { source + "#" + id }
    }

    /// Remembers `events`; with `digests` (a consumer of several buses, where every event comes again) also a digest of
    /// each one's bytes, so its copies are known without decoding them.
    func remember(_ events: [DeliveredEvent], digests: Bool) {
        if slots.isEmpty { slots = Array(repeating: nil, count: Self.capacity) }
        for event in events {
            slots[Int(event.sequence % UInt64(Self.capacity))] = (event.sequence, event.event.source, event.event.id,
                                                                 digests ? Self.digest(event.payload) : nil)
        }
    }

    /// A digest of an event's bytes (this process's `Hasher`: two copies of one event match; a collision would only
    /// count a conflict as a repeat, and neither is applied).
    static func digest(_ payload: Data) -> Int {
        var hasher = Hasher()
        payload.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }
}

/// A replay request sent and not yet answered.
struct InFlightReplay {
    let id: String
    let range: ClosedRange<UInt64>
    let deadline: ContinuousClock.Instant
}
