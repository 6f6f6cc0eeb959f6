import CityModel
public import Contracts
public import Envelope
public import Credentials
public import GRDB
public import ServiceKit
public import Foundation
public import Logging
public import Messaging
public import Timekeeping

/// Acknowledged ingest: one CloudEvent per request (REQ or DEALER clients, or an Open311 form turned into
/// one), answered with an `ingest-reply` only after what it caused is committed — the requests waiting
/// together in one transaction (the `RequestDesk`). The same `source` + `id` again gets the same bytes. With
/// security on, the sender is its key's identity: within its rate, only the event types and sources its
/// certificate allows (`forbidden` otherwise), and a resident's reports through an integrator within that
/// resident's allowance (`reporter`, else `phone`, else the event's `source`).
public struct IngestServer: Sendable {
    /// Requests larger than this get their sender disconnected by libzmq.
    public static let maximumRequestSize = 512 * 1024

    public let desk: RequestDesk<IngestEndpoint>
    public var stats: DeliveryStats { desk.stats }

    public init(store: IntakeStore, rules: IntakeRules, devices: any DeviceDirectory, clock: any WallClock, security: SocketSecurity = .plaintext,
                rateLimiter: RateLimiter = RateLimiter(), logger: Logger) {
        let endpoint = IngestEndpoint(store: store, rules: rules, devices: devices, keyRing: security.keyRing, rateLimiter: rateLimiter)
        desk = RequestDesk(endpoint, database: store.database, clock: clock, security: security, rateLimiter: rateLimiter, logger: logger,
                           stats: DeliveryStats(role: "ingest", name: "intake"))
    }

    /// The reply to one request frame (`nil` when the request had the wrong number of frames) from `sender`.
    public func answer(_ payload: Data?, from sender: String?) -> Data { desk.answer(payload, from: sender) }

    /// The replies to requests that arrived together, each as it would be alone, committed as one.
    public func answer(batch requests: [ReplyServer.Request]) -> [Data] { desk.answer(batch: requests) }
}

/// The ingest endpoint's rules, for the `RequestDesk`.
public struct IngestEndpoint: RequestEndpoint {
    /// One event to take: as sent, who it is on behalf of (for the per-resident allowance), and what else to
    /// keep in its transaction (an Open311 request keeps its contact and answers).
    public struct Request: Sendable {
        public let event: CloudEvent
        public let payload: Data
        public let resident: String?
        public let attach: IntakeStore.Attachment?

        public init(event: CloudEvent, payload: Data, resident: String?, attach: IntakeStore.Attachment? = nil) {
            (self.event, self.payload, self.resident, self.attach) = (event, payload, resident, attach)
        }
    }

    let store: IntakeStore
    let rules: IntakeRules
    let devices: any DeviceDirectory
    let keyRing: KeyRing?
    let rateLimiter: RateLimiter

    public static let name = "ingest"
    /// A refused event stores nothing — not even its refusal: sent again once fixed (a device registered), it is taken.
    public var journalsRefusals: Bool { false }

    public func read(_ frame: Data?) throws(Refused) -> Request {
        guard let frame else { throw IngestFault.wrongFrameCount.refused }
        let event: CloudEvent
        do throws(EnvelopeError) { event = try CloudEvent.decode(frame) } catch { throw IngestFault.envelope(error).refused }
        return Request(event: event, payload: frame, resident: Self.resident(of: event))
    }

    /// Who a resident's report is from: its `reporter`, else its `phone`, else its `source`; nil for any other event.
    static func resident(of event: CloudEvent) -> String? {
        guard event.type == ResidentReport.eventTypes[0] else { return nil }
        return event.data?["reporter"]?.stringValue ?? event.data?["phone"]?.stringValue ?? event.source
    }

    /// An event is named by its `source` and `id` (CloudEvents): the same pair again is the same event. Filed
    /// as `event:<source>`, apart from the device commands' owners in the same journal.
    public func journalKey(of request: Request) -> JournalKey {
        JournalKey(issuer: Self.journalIssuer(source: request.event.source), id: request.event.id, canonical: nil)
    }

    static func journalIssuer(source: String) -> String { "event:" + source }

    public func authorize(_ request: Request, certificate: Certificate) throws(Refused) {
        if let reason = keyRing?.ingestRefusal(certificate.identity, type: request.event.type, source: request.event.source) {
            throw IngestFault.forbidden(reason).refused
        }
    }

    public func carryOut(_ db: Database, _ request: Request, sender: RequestSender, now: Date) throws -> Data {
        let arrival = try understand(request.event, from: sender)
        if let resident = request.resident, let certificate = sender.certificate, certificate.role == .integrator,
           !rateLimiter.admit(resident: resident, behind: certificate.identity) {
            let allowance = rateLimiter.limits.residentReports
            throw Refused(.rateLimited, "resident '\(resident.prefix(80))' has sent \(Int(allowance.count)) reports through '\(certificate.identity)' "
                          + "within \(Int(allowance.seconds)) s, as many as one resident may; retry later with the same source and id")
        }
        let event = ReceivedEvent(source: request.event.source, id: request.event.id, type: request.event.type, payload: request.payload)
        let decision = IntakeDesk.decide(arrival, event: event, context: try store.context(db, for: arrival, rules: rules, now: now),
                                         rules: rules, now: now)
        try store.record(db, decision, at: now)
        if let caseID = decision.caseID { try request.attach?(db, caseID, decision.outcome) }
        return try JSONValueEncoder().encode(decision.reply).jsonData()
    }

    /// Triages the event; with security on, an integrator sends only for devices it owns.
    private func understand(_ event: CloudEvent, from sender: RequestSender) throws(Refused) -> Arrival {
        let arrival: Arrival
        do throws(IngestFault) { arrival = try Triage.of(event, in: rules.city, devices: devices) } catch { throw error.refused }
        guard let certificate = sender.certificate, certificate.role == .integrator else { return arrival }
        let registered: City.Device? = switch arrival {
        case .signal(let signal): signal.registered
        case .triaged(let triage): triage.reading?.registered
        }
        if let owner = registered?.owner, owner != certificate.identity {
            throw IngestFault.forbidden("device '\(registered?.id ?? "")' belongs to '\(owner)', not to '\(certificate.identity)'").refused
        }
        return arrival
    }

    public func encode(_ outcome: EndpointOutcome, for request: Request?) -> Data {
        let reply: IngestReply
        switch outcome {
        case .answered(let bytes): return bytes
        case .refused(let refused), .unavailable(let refused): reply = IngestReply(status: .rejected, error: refused.reason, message: refused.message)
        }
        return (try? JSONValueEncoder().encode(reply).jsonData()) ?? Data(#"{"status":"rejected","error":"unavailable"}"#.utf8)
    }
}
