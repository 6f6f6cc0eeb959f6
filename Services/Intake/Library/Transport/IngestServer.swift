public import CityModel
import Contracts
public import Envelope
import Credentials
public import ServiceKit
public import Foundation
public import Logging
public import Messaging
public import Timekeeping

/// Acknowledged ingest: one CloudEvent per request (REQ or DEALER clients), answered with an
/// `IngestReply` only after the case is committed. The same `source` + `id` again gets the same bytes.
/// With security on, the sender is its key's identity: within its rate, and only the event types and
/// sources its certificate allows (`forbidden` otherwise); a resident's reports through an integrator are
/// also limited per resident (`reporter`, else `phone`, else the event's `source`); intake records who
/// sent each event.
public struct IngestServer: Sendable {
    /// Requests larger than this get their sender disconnected by libzmq.
    public static let maximumRequestSize = 512 * 1024

    let store: IntakeStore
    let rules: IntakeRules
    let devices: any DeviceDirectory
    let clock: any WallClock
    let logger: Logger
    let security: SocketSecurity
    let rateLimiter: RateLimiter
    public let stats = DeliveryStats(role: "ingest", name: "intake")

    public init(store: IntakeStore, rules: IntakeRules, devices: any DeviceDirectory, clock: any WallClock, security: SocketSecurity = .plaintext,
                rateLimiter: RateLimiter = RateLimiter(), logger: Logger) {
        (self.store, self.rules, self.devices, self.clock, self.logger) = (store, rules, devices, clock, logger)
        (self.security, self.rateLimiter) = (security, rateLimiter)
    }

    /// The reply to one request frame (`nil` when the request had the wrong number of frames) from
    /// `sender` (the key's identity; nil without security).
    public func answer(_ payload: Data?, from sender: String?) -> Data {
        answer(batch: [ReplyServer.Request(payload: payload, sender: sender)])[0]
    }

    /// The replies to requests that arrived together, in order: each is checked on its own, and the new
    /// ones are committed in one transaction (group commit: one fsync for the burst) before any is answered.
    /// A duplicate within the burst gets the first one's answer; if the transaction fails, every new one
    /// gets `unavailable` and nothing of the burst is stored.
    public func answer(batch requests: [ReplyServer.Request]) -> [Data] {
        var replies = [Data?](repeating: nil, count: requests.count)
        var fresh: [(index: Int, event: CloudEvent, payload: Data, arrival: Arrival)] = []
        for (index, request) in requests.enumerated() {
            var isFresh = false
            let reply = refusing {
                guard let payload = request.payload else { throw IngestFault.wrongFrameCount }
                try admit(request.sender)
                let event: CloudEvent
                do throws(EnvelopeError) { event = try CloudEvent.decode(payload) } catch { throw IngestFault.envelope(error) }
                if let earlier = try earlierReply(event, from: request.sender) { return earlier }
                let arrival = try understand(event, from: request.sender)
                try admit(resident: Self.resident(of: event), from: request.sender)
                fresh.append((index, event, payload, arrival))
                isFresh = true
                return Data()
            }
            replies[index] = isFresh ? nil : reply
        }
        guard !fresh.isEmpty else { return replies.map { $0 ?? Data() } }
        do {
            let stored = try store.acceptAll(fresh.map { ($0.event, $0.payload, $0.arrival) }, rules: rules, now: clock.now())
            for (item, reply) in zip(fresh, stored) { replies[item.index] = reply }
            stats.increment("accepted", by: fresh.count)
        } catch {
            let unavailable = storeFailed(error)
            for item in fresh { replies[item.index] = unavailable }
        }
        return replies.map { $0 ?? Data() }
    }

    /// One event already decoded (an Open311 request becomes one), from `sender` on behalf of `resident`
    /// (nil: nobody known), with what else to keep in its transaction: the reply's bytes, exactly as the
    /// ZeroMQ ingest would answer it.
    public func submit(_ event: CloudEvent, payload: Data, from sender: String?, resident: String?, attach: IntakeStore.Attachment?) -> Data {
        refusing {
            try admit(sender)
            return try store(event, payload: payload, from: sender, resident: resident, attach: attach)
        }
    }

    private func admit(_ sender: String?) throws(IngestFault) {
        guard security.isOn else { return }
        guard let sender, let role = security.keyRing?.certificate(identity: sender)?.role else {
            throw IngestFault.forbidden("the sending key is not listed")
        }
        guard rateLimiter.admit(sender, role: role) else { throw IngestFault.rateLimited(sender) }
    }

    /// A resident's report through an integrator counts against that resident's hourly allowance.
    private func admit(resident: String?, from sender: String?) throws(IngestFault) {
        guard let resident, let sender, security.isOn, security.keyRing?.certificate(identity: sender)?.role == .integrator else { return }
        guard rateLimiter.admit(resident: resident, behind: sender) else {
            let allowance = rateLimiter.limits.residentReports
            throw IngestFault.residentRateLimited(resident: resident, sender: sender, count: Int(allowance.count), seconds: Int(allowance.seconds))
        }
    }

    /// Who a resident's report is from: its `reporter`, else its `phone`, else its `source`; nil for any other event.
    static func resident(of event: CloudEvent) -> String? {
        guard event.type == ResidentReport.eventTypes[0] else { return nil }
        return event.data?["reporter"]?.stringValue ?? event.data?["phone"]?.stringValue ?? event.source
    }

    /// Refuses what the sender may not send; the answer already given to this `source` + `id`, if any.
    private func earlierReply(_ event: CloudEvent, from sender: String?) throws -> Data? {
        if let sender, let keyRing = security.keyRing, let reason = keyRing.ingestRefusal(sender, type: event.type, source: event.source) {
            throw IngestFault.forbidden(reason)
        }
        guard let earlier = try store.previousReply(source: event.source, id: event.id) else { return nil }
        stats.increment("duplicate")
        return earlier
    }

    private func store(_ event: CloudEvent, payload: Data, from sender: String?, resident: String?, attach: IntakeStore.Attachment?) throws -> Data {
        if let earlier = try earlierReply(event, from: sender) { return earlier }
        let arrival = try understand(event, from: sender)
        try admit(resident: resident, from: sender)
        let reply = try store.accept(event, payload: payload, arrival: arrival, rules: rules, now: clock.now(), attach: attach)
        stats.increment("accepted")
        return reply
    }

    /// Triages the event; with security on, an integrator sends only for devices it owns.
    private func understand(_ event: CloudEvent, from sender: String?) throws(IngestFault) -> Arrival {
        let arrival = try Triage.of(event, in: rules.city, devices: devices)
        guard let sender, security.isOn, let certificate = security.keyRing?.certificate(identity: sender), certificate.role == .integrator
        else { return arrival }
        let registered: City.Device? = switch arrival {
        case .signal(let signal): signal.registered
        case .triaged(let triage): triage.reading?.registered
        }
        if let owner = registered?.owner, owner != sender {
            throw IngestFault.forbidden("device '\(registered?.id ?? "")' belongs to '\(owner)', not to '\(sender)'")
        }
        return arrival
    }

    private func refusing(_ body: () throws -> Data) -> Data {
        do {
            return try body()
        } catch let fault as IngestFault {
            stats.increment("rejected.\(fault.refusal.rawValue)")
            let count = stats["rejected.\(fault.refusal.rawValue)"]
            if count & (count - 1) == 0 {     // the 1st, 2nd, 4th … of each kind: garbage must not flood the log
                logger.notice("ingest request rejected", metadata: ["error": "\(fault.refusal.rawValue)", "detail": "\(fault)", "count": "\(count)"])
            }
            return Self.encoded(fault.reply)
        } catch {
            return storeFailed(error)
        }
    }

    private func storeFailed(_ error: any Error) -> Data {
        logger.error("ingest store failed", metadata: ["error": "\(error)"])
        stats.increment("store_failed")
        return Self.encoded(IngestReply(status: .rejected, error: .unavailable, message: "the report could not be stored; try again"))
    }

    static func encoded(_ reply: IngestReply) -> Data {
        (try? JSONValueEncoder().encode(reply).jsonData()) ?? Data(#"{"status":"rejected","error":"unavailable"}"#.utf8)
    }
}
