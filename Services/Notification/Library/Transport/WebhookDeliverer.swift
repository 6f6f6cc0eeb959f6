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
    let clock: any WallClock
    let logger: Logger
    public let stats = DeliveryStats(role: "webhook", name: "notification")

    init(store: NotificationStore, policy: RetryPolicy, clock: any WallClock, logger: Logger) {
        (self.store, self.policy, self.clock, self.logger) = (store, policy, clock, logger)
    }

    public func run() async throws {
        await DueWork.run(idle: .milliseconds(100)) {
            let due = (try? store.due(limit: 20, now: clock.now())) ?? []
            for delivery in due { await deliver(delivery) }
            return !due.isEmpty
        }
    }

    private func deliver(_ delivery: DeliveryRecord) async {
        var request = HTTPClientRequest(url: delivery.address ?? "")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        let body = WebhookNotification(caseID: delivery.caseID, delivery: String(delivery.id ?? 0), kind: delivery.kind,
                                       recipient: delivery.recipient, text: delivery.text, critical: delivery.critical ? true : nil)
        request.body = .bytes(ByteBuffer(bytes: (try? JSONValueEncoder().encode(body).jsonData()) ?? Data()))
        var status: Int?
        var failure: String?
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            status = Int(response.status.code)
            if !(200..<300).contains(Int(response.status.code)) { failure = "HTTP \(response.status.code)" }
        } catch {
            failure = "\(error)"
        }
        let retryAfter = failure == nil ? nil : policy.delay(afterFailed: delivery.attempts + 1)
        stats.increment(failure == nil ? "delivered" : (retryAfter == nil ? "failed" : "retry"))
        if let failure {
            logger.warning("webhook attempt failed", metadata: ["delivery": "\(delivery.id ?? 0)", "attempt": "\(delivery.attempts + 1)", "error": "\(failure)"])
        }
        do { try store.record(delivery, status: status, error: failure, retryAfter: retryAfter, now: clock.now()) } catch {
            logger.error("could not record a webhook attempt", metadata: ["error": "\(error)"])
        }
    }
}
