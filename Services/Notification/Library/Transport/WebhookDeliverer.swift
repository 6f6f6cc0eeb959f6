import AsyncHTTPClient
import Contracts
import Envelope
import Foundation
import Logging
public import Messaging
import NIOCore
import NIOHTTP1
import ServiceKit
public import ServiceLifecycle
import Timekeeping

/// Delivers pending webhook notifications by HTTP POST, recording every attempt; failures are retried
/// as the `RetryPolicy` says.
public struct WebhookDeliverer: Service {
    let store: NotificationStore
    let policy: RetryPolicy
    let signer: WebhookSigner
    let clock: any WallClock
    let logger: Logger
    public let stats = DeliveryStats(role: "webhook", name: "notification")

    init(store: NotificationStore, policy: RetryPolicy, signer: WebhookSigner, clock: any WallClock, logger: Logger) {
        (self.store, self.policy, self.signer, self.clock, self.logger) = (store, policy, signer, clock, logger)
    }

    public func run() async throws {
        await DueWork.run(idle: .milliseconds(100)) {
            let due: [DeliveryRecord]
            do {
                due = try store.due(limit: 20, now: clock.now())
            } catch {
                logger.error("due webhook deliveries could not be read", metadata: ["error": "\(error)"])
                return false
            }
            for delivery in due { await deliver(delivery) }
            return !due.isEmpty
        }
    }

    private func deliver(_ delivery: DeliveryRecord) async {
        var request = HTTPClientRequest(url: delivery.address ?? "")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        let body = WebhookNotification(caseID: delivery.caseID, proposal: delivery.proposal, delivery: String(delivery.id ?? 0), kind: delivery.kind,
                                       recipient: delivery.recipient, text: delivery.text, critical: delivery.critical ? true : nil)
        var status: Int?
        var failure: String?
        do {
            let bytes = try JSONValueEncoder().encode(body).jsonData()
            for header in signer.headers(recipient: delivery.recipient, delivery: body.delivery, at: clock.now(), body: bytes) {
                request.headers.add(name: header.name, value: header.value)
            }
            request.body = .bytes(ByteBuffer(bytes: bytes))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            status = Int(response.status.code)
        } catch {
            failure = "\(error)"
        }
        let outcome = DeliveryDesk.after(attempt: delivery.attempts + 1, status: status, error: failure, policy: policy, now: clock.now())
        stats.increment(outcome.state == .delivered ? "delivered" : (outcome.state == .failed ? "failed" : "retry"))
        if let error = outcome.error {
            logger.warning("webhook attempt failed", metadata: ["delivery": "\(delivery.id ?? 0)", "attempt": "\(outcome.attempt)", "error": "\(error)"])
        }
        do { try store.record(delivery, outcome, at: clock.now()) } catch {
            logger.error("could not record a webhook attempt", metadata: ["error": "\(error)"])
        }
    }
}
