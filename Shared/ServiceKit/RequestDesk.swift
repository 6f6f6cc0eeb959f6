public import Contracts
public import Credentials
public import Foundation
public import GRDB
public import Logging
public import Messaging
public import Timekeeping

/// The one desk every request endpoint answers at — intake's ingest and Open311 posts, its device commands,
/// dispatch's department, staff and rating commands, mediation's mediator commands. An endpoint says only how
/// its requests read, whose they are, who may send them and what they do (`RequestEndpoint`); the desk does
/// the rest the same way everywhere:
///
/// 1. **Admission.** With security on, the sender is its key: a key not (or no longer) listed is `forbidden`,
///    one over its role's rate `rate_limited`, then the endpoint's `authorize` checks the request against the
///    sender's certificate. Nothing of this is journaled: the same id sent again later is answered afresh.
/// 2. **Group commit.** The requests that arrived together (a ROUTER's waiting frames, the Open311 posts in
///    flight) are decided one by one in **one** write transaction, each in a savepoint, and committed before
///    any is answered: one fsync for the burst.
/// 3. **Idempotency.** Each request's `(issuer, id)` is looked up in the request journal first: an earlier
///    answer is sent again, byte for byte; the same id for a different request is `command_id_reused`.
///    An answer is journaled in the savepoint that did the work, so a retry after a `kill -9` finds both or
///    neither. A refusal the decision throws rolls its savepoint back and is journaled too when the endpoint
///    says so (commands: a retry gets the same refusal); any other error rolls it back and answers
///    `unavailable` (not journaled: retry with the same id) while its neighbours commit.
public struct RequestDesk<Endpoint: RequestEndpoint>: Sendable {
    public let endpoint: Endpoint
    let database: any DatabaseWriter
    let clock: any WallClock
    let security: SocketSecurity
    let rateLimiter: RateLimiter
    let logger: Logger
    /// Counts answers by kind (`accepted`, `rejected.<reason>` …) and the transactions they were committed in
    /// (`batches`) for the endpoint's `/metrics`.
    public let stats: DeliveryStats

    public init(_ endpoint: Endpoint, database: any DatabaseWriter, clock: any WallClock, security: SocketSecurity = .plaintext,
                rateLimiter: RateLimiter = RateLimiter(), logger: Logger, stats: DeliveryStats) {
        (self.endpoint, self.database, self.clock, self.security, self.rateLimiter) = (endpoint, database, clock, security, rateLimiter)
        (self.logger, self.stats) = (logger, stats)
    }

    /// The answer to one request frame (`nil`: the request was not one frame) from `sender` (the key's identity).
    public func answer(_ frame: Data?, from sender: String?) -> Data {
        answer(batch: [ReplyServer.Request(payload: frame, sender: sender)])[0]
    }

    /// The answers, in order, to request frames that arrived together.
    public func answer(batch frames: [ReplyServer.Request]) -> [Data] {
        answer(frames.map { frame -> Result<(Endpoint.Request, String?), Refused> in
            do throws(Refused) { return .success((try endpoint.read(frame.payload), frame.sender)) } catch { return .failure(error) }
        })
    }

    /// The answers, in order, to requests already read (an Open311 form becomes one), each from its sender.
    public func answer(requests: [(Endpoint.Request, sender: String?)]) -> [Data] {
        answer(requests.map { .success(($0.0, $0.sender)) })
    }

    private func answer(_ items: [Result<(Endpoint.Request, String?), Refused>]) -> [Data] {
        var replies = [Data?](repeating: nil, count: items.count)
        var admitted: [(index: Int, request: Endpoint.Request, sender: RequestSender)] = []
        for (index, item) in items.enumerated() {
            do throws(Refused) {
                let (request, identity) = try item.get()
                admitted.append((index, request, try admit(request, from: identity)))
            } catch {
                replies[index] = refuse(error, request: try? item.get().0)
            }
        }
        guard !admitted.isEmpty else { return replies.map { $0 ?? Data() } }
        stats.increment("batches")
        do {
            let decided = try database.write { db in try admitted.map { try decide(db, $0.request, sender: $0.sender) } }
            for (item, reply) in zip(admitted, decided) { replies[item.index] = reply }
        } catch {
            logger.error("request batch not stored", metadata: ["endpoint": "\(Endpoint.name)", "error": "\(error)"])
            stats.increment("store_failed", by: admitted.count)
            for item in admitted { replies[item.index] = endpoint.encode(.unavailable(Self.unavailable), for: item.request) }
        }
        return replies.map { $0 ?? Data() }
    }

    /// With security on: a listed key, within its role's rate, allowed this request by its certificate.
    private func admit(_ request: Endpoint.Request, from identity: String?) throws(Refused) -> RequestSender {
        guard let keyRing = security.keyRing else { return RequestSender(identity: identity, certificate: nil) }
        guard let identity, let certificate = keyRing.certificate(identity: identity) else {
            throw Refused(.forbidden, "the sending key is not (or no longer) listed")
        }
        guard rateLimiter.admit(identity, role: certificate.role) else {
            throw Refused(.rateLimited, "'\(identity)' sent more than its rate allows; retry shortly with the same id")
        }
        try endpoint.authorize(request, certificate: certificate)
        return RequestSender(identity: identity, certificate: certificate)
    }

    /// One request inside the batch's transaction: its earlier answer, or what it does now in a savepoint.
    private func decide(_ db: Database, _ request: Endpoint.Request, sender: RequestSender) throws -> Data {
        let key = endpoint.journalKey(of: request)
        if let earlier = try RequestJournal.entry(db, issuer: key.issuer, id: key.id) {
            if let canonical = key.canonical, earlier.request != canonical {
                return refuse(Refused(.commandIDReused, "id '\(key.id.prefix(80))' was used before for a different request"), request: request)
            }
            stats.increment("duplicate")
            return earlier.reply
        }
        let now = clock.now()
        var outcome = EndpointOutcome.unavailable(Self.unavailable)
        do {
            try db.inSavepoint {
                outcome = .answered(try endpoint.carryOut(db, request, sender: sender, now: now))
                return .commit
            }
        } catch let refused as Refused {
            outcome = .refused(refused)
        } catch {
            logger.error("request not carried out", metadata: ["endpoint": "\(Endpoint.name)", "error": "\(error)"])
        }
        let reply = endpoint.encode(outcome, for: request)
        switch outcome {
        case .answered:
            stats.increment("accepted")
        case .refused(let refused):
            count(refused)
            guard endpoint.journalsRefusals else { return reply }
        case .unavailable:
            stats.increment("store_failed")
            return reply
        }
        try RequestJournal.record(db, issuer: key.issuer, id: key.id, request: key.canonical ?? Data(), reply: reply, sender: sender.identity,
                                  at: now)
        return reply
    }

    private func refuse(_ refused: Refused, request: Endpoint.Request?) -> Data {
        count(refused)
        return endpoint.encode(.refused(refused), for: request)
    }

    /// Counts a refusal and logs its 1st, 2nd, 4th … occurrence (garbage must not flood the log).
    private func count(_ refused: Refused) {
        let counter = "rejected.\(refused.reason.rawValue)"
        stats.increment(counter)
        let count = stats[counter]
        if count & (count - 1) == 0 {
            logger.notice("request refused", metadata: ["endpoint": "\(Endpoint.name)", "error": "\(refused.reason.rawValue)",
                                                        "detail": "\(refused.message)", "count": "\(count)"])
        }
    }

    static var unavailable: Refused { Refused(.unavailable, "the request could not be stored; try again with the same id") }
}

/// Who sent a request: the key's identity and certificate (nil without security).
public struct RequestSender: Sendable {
    public let identity: String?
    public let certificate: Certificate?

    public init(identity: String?, certificate: Certificate?) { (self.identity, self.certificate) = (identity, certificate) }
}

/// How a request ended, for its endpoint to put in its own wire format.
public enum EndpointOutcome: Sendable {
    /// Carried out: the reply's bytes.
    case answered(Data)
    case refused(Refused)
    /// The store failed; nothing was kept.
    case unavailable(Refused)
}

/// Where a request is filed in the request journal: under whom, which id, and the canonical form a reuse
/// of the id is compared with (nil: the id names the request, as a CloudEvent's `source` + `id` does —
/// a reuse is the same request and gets the earlier answer).
public struct JournalKey: Sendable, Equatable {
    public let issuer, id: String
    public let canonical: Data?

    public init(issuer: String, id: String, canonical: Data?) { (self.issuer, self.id, self.canonical) = (issuer, id, canonical) }
}

/// One kind of request endpoint, as the `RequestDesk` needs it.
public protocol RequestEndpoint: Sendable {
    associatedtype Request: Sendable
    /// The endpoint's name in logs and metrics.
    static var name: String { get }
    /// Reads one request frame strictly (`nil`: not exactly one frame).
    func read(_ frame: Data?) throws(Refused) -> Request
    /// Where the request is filed in the journal.
    func journalKey(of request: Request) -> JournalKey
    /// With security on: refuses what the sender's certificate does not allow.
    func authorize(_ request: Request, certificate: Certificate) throws(Refused)
    /// Loads what it needs, decides and records it in `db` (a savepoint of the batch's transaction) at `now`,
    /// and returns the reply's bytes; throws `Refused` to refuse.
    func carryOut(_ db: Database, _ request: Request, sender: RequestSender, now: Date) throws -> Data
    /// The bytes of an outcome, in the endpoint's wire format (`request` is nil when it could not be read).
    func encode(_ outcome: EndpointOutcome, for request: Request?) -> Data
    /// Whether a refusal its decision throws is journaled (a retry gets the same refusal) or left for the retry to redo.
    var journalsRefusals: Bool { get }
}
