import Logging
public import ServiceLifecycle
import AsyncHTTPClient
import Foundation
public import Messaging

/// Delivers pending webhook notifications by HTTP POST, recording every attempt; failures are
/// retried with back-off doubling from 1 s to 60 s, up to `maxAttempts`.
public struct WebhookDeliverer: Service {
    let store: NotificationStore
    let maxAttempts: Int
    let logger: Logger
    public let stats = DeliveryStats(role: "webhook", name: "notification")

    init(store: NotificationStore, maxAttempts: Int, logger: Logger) {
        self.store = store
        self.maxAttempts = maxAttempts
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let due = (try? store.due(limit: 20)) ?? []
            for delivery in due { await deliver(delivery) }
            if due.isEmpty { try? await Task.sleep(for: .milliseconds(100)) }
        }
    }

    private func deliver(_ delivery: NotificationStore.Due) async {
        var request = HTTPClientRequest(url: delivery.address)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        let body: [String: String] = ["recipient": delivery.recipient, "kind": delivery.kind, "case": delivery.caseID,
                                      "text": delivery.text, "delivery": String(delivery.id)]
        request.body = .bytes(Array((try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()))
        var status: Int?
        var failure: String?
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            status = Int(response.status.code)
            if !(200..<300).contains(status!) { failure = "HTTP \(status!)" }
        } catch {
            failure = "\(error)"
        }
        let attempt = delivery.attempts + 1
        let retryAfter: Double? = failure == nil || attempt >= maxAttempts ? nil : min(pow(2, Double(attempt - 1)), 60)
        stats.increment(failure == nil ? "delivered" : (retryAfter == nil ? "failed" : "retry"))
        if let failure {
            logger.warning("webhook attempt failed", metadata: ["delivery": "\(delivery.id)", "attempt": "\(attempt)", "error": "\(failure)"])
        }
        do { try store.record(delivery, status: status, error: failure, retryAfter: retryAfter) } catch {
            logger.error("could not record a webhook attempt", metadata: ["error": "\(error)"])
        }
    }
}
