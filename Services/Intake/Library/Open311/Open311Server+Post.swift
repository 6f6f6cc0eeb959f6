import CityModel
import Contracts
import Credentials
import Envelope
import Foundation
import Hummingbird
import Logging
import ServiceKit
import Synchronization
import Timekeeping

/// `POST requests`: the form, checked; its client, from its `api_key`; then the same path as a report over
/// ZeroMQ, with the request's contact and answers kept in the case's transaction.
extension Open311Server {
    func post(_ form: String, idempotencyKey: String?, format: Open311Format) async -> Response {
        do {
            let fields = try Open311Desk.fields(ofForm: form)
            let client = try clients.client(forKey: try Open311Desk.apiKey(in: fields))
            var submitted = try Open311Desk.submission(fields, city: city)
            // Retries of one request are one case: the same Idempotency-Key, or else the same form, is the same event.
            let token = idempotencyKey.map { "key-" + APIKey.digest(client + "\u{0}" + $0).prefix(32) }
                ?? "form-" + APIKey.digest(client + "\u{0}" + submitted.fingerprint).prefix(32)
            // A requester who left an e-mail and no resident account is told how it goes: the events name them by a
            // reference, and notification asks intake for the address.
            if submitted.report.reporter == nil, submitted.contact.email != nil {
                submitted.report.reporter = RequesterReference.of(token: token)
            }
            let submission = submitted
            let now = clock.now()
            let event = CloudEvent(id: token, source: "/open311/\(client)", type: ResidentReport.eventTypes[0], time: now,
                                   data: try JSONValueEncoder().encode(submission.report))
            let payload = try event.encoded()
            let store = self.store
            let contact = submission.contact
            let resident = contact.accountID ?? contact.email ?? contact.phone ?? contact.deviceID
            let kept = Mutex<String?>(nil)          // the request's id, as its transaction recorded it
            let request = IngestEndpoint.Request(event: event, payload: payload, resident: resident) { db, caseID, outcome in
                let requestID = try store.record(db, submission, client: client, token: token, caseID: caseID, outcome: outcome, at: now)
                kept.withLock { $0 = requestID }
            }
            let reply = await posts.submit(request, from: client)
            return try answer(reply, requestID: kept.withLock { $0 }, token: token, submission: submission, format: format)
        } catch let error as Open311.Error {
            return format.failure(error)
        } catch {
            return format.failure(unavailable(error))
        }
    }

    /// Intake's ingest reply as Open311's answer: the request's own id (201; a retry finds the one its first
    /// try was given), or the refusal with its status.
    private func answer(_ reply: Data, requestID kept: String?, token: String, submission: Open311Desk.Submission,
                        format: Open311Format) throws -> Response {
        let decoded = try JSONValueDecoder().decode(IngestReply.self, from: JSONValue.parse(reply))
        guard decoded.status == .accepted, let caseID = decoded.caseID else {
            throw Open311.Error(code: Self.status(of: decoded.error), description: decoded.message ?? "the request was refused")
        }
        guard let requestID = try kept ?? store.requestID(forToken: token) else { throw unavailable(Open311Desk.notFound("token \(token)")) }
        let notice = decoded.outcome == .linked
            ? Self.followingNotice(caseID)
            : city.category(submission.report.category).flatMap(Self.notice)
        return format.posted(Open311.PostedRequest(serviceRequestID: requestID, serviceNotice: notice, accountID: submission.contact.accountID),
                             status: .created)
    }

    /// What a request that follows an open case is told (and its `status_notes` begin with).
    static func followingNotice(_ caseID: String) -> String {
        "附近已有相同问题正在处理，您的请求随 \(caseID) 一并处理 (the same problem nearby is already open as \(caseID); this request follows it)"
    }

    /// The HTTP status of an ingest refusal.
    static func status(of refusal: Refusal?) -> Int {
        switch refusal {
        case .forbidden: 403
        case .rateLimited: 429
        case .unavailable, nil: 503
        default: 400
        }
    }
}
