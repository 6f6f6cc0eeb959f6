import AsyncHTTPClient
import Contracts
import Envelope
import Foundation
import NIOCore
import NIOHTTP1
import Timekeeping

/// A webhook delivery: a signed JSON `POST` (Standard Webhooks) with 5 s to answer; its status and `Retry-After`.
struct WebhookCourier: Courier {
    let signer: WebhookSigner
    let clock: any WallClock
    /// The most of an answer's body read (and thrown away, so the connection can be used again).
    static let longestBody = 64 * 1024

    func carry(_ delivery: DeliveryRecord) async -> AttemptAnswer {
        var request = HTTPClientRequest(url: delivery.address ?? "")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        let body = WebhookNotification(caseID: delivery.caseID, proposal: delivery.proposal, delivery: String(delivery.id ?? 0), kind: delivery.kind,
                                       recipient: delivery.recipient, text: delivery.text, critical: delivery.critical ? true : nil)
        do {
            let bytes = try JSONValueEncoder().encode(body).jsonData()
            for header in signer.headers(recipient: delivery.recipient, delivery: body.delivery, at: clock.now(), body: bytes) {
                request.headers.add(name: header.name, value: header.value)
            }
            request.body = .bytes(ByteBuffer(bytes: bytes))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            _ = try? await response.body.collect(upTo: Self.longestBody)
            let retryAfter = response.headers.first(name: "Retry-After").flatMap { Self.seconds(retryAfter: $0, now: clock.now()) }
            return AttemptAnswer(status: Int(response.status.code), retryAfter: retryAfter)
        } catch {
            return AttemptAnswer(error: "\(error)")
        }
    }

    /// A `Retry-After` header's wait: delta-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`); nil otherwise.
    static func seconds(retryAfter value: String, now: Date) -> TimeInterval? {
        if let seconds = Int(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 { return TimeInterval(seconds) }
        let parser = DateFormatter()
        (parser.locale, parser.timeZone, parser.dateFormat) = (Locale(identifier: "en_US_POSIX"), TimeZone(identifier: "GMT"), "EEE, dd MMM yyyy HH:mm:ss zzz")
        return parser.date(from: value).map { max(0, $0.timeIntervalSince(now)) }
    }
}
