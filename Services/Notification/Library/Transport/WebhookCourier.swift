import Contracts
import Envelope
import Foundation
import Timekeeping

/// A webhook delivery: a signed JSON `POST` (Standard Webhooks) with 5 s to answer; its status, `Retry-After` and what it
/// said.
struct WebhookCourier: Courier {
    let signer: WebhookSigner
    let clock: any WallClock

    func carry(_ delivery: DeliveryRecord) async -> AttemptAnswer {
        let body = WebhookNotification(caseID: delivery.caseID, proposal: delivery.proposal, delivery: String(delivery.id ?? 0), kind: delivery.kind,
                                       recipient: delivery.recipient, text: delivery.text, critical: delivery.critical ? true : nil)
        do {
            let bytes = try JSONValueEncoder().encode(body).jsonData()
            let headers = signer.headers(recipient: delivery.recipient, delivery: body.delivery, at: clock.now(), body: bytes)
            let answer = try await JSONPost.send(bytes, to: delivery.address ?? "", headers: headers, now: clock.now())
            return AttemptAnswer(status: answer.status, retryAfter: answer.retryAfter, response: answer.excerpt)
        } catch {
            return AttemptAnswer(error: "\(error)")
        }
    }
}
