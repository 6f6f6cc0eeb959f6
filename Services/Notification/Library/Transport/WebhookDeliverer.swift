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
/// as the `RetryPolicy` says. Up to `concurrency` recipients are delivered to at once, each one message at a time in
/// the order of the steps: a receiver that hangs holds up its own messages only.
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

    /// Recipients delivered to at once.
    static let concurrency = 16

    public func run() async throws {
        await withTaskGroup(of: String?.self) { group in
            var busy = Set<String>()       // recipients with an attempt under way
            var ticking = false            // a 100 ms tick is pending: due retries are looked for again
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                for delivery in due(room: Self.concurrency - busy.count, busy: busy) {
                    busy.insert(delivery.recipient)
                    group.addTask { await deliver(delivery); return delivery.recipient }
                }
                if !ticking {
                    ticking = true
                    group.addTask { try? await Task.sleep(for: .milliseconds(100)); return nil }
                }
                guard let finished = await group.next() else { break }
                if let recipient = finished { busy.remove(recipient) } else { ticking = false }
            }
        }
    }

    /// Up to `room` due deliveries to recipients not `busy`.
    private func due(room: Int, busy: Set<String>) -> [DeliveryRecord] {
        guard room > 0 else { return [] }
        do { return try store.due(limit: room, now: clock.now(), excluding: busy) } catch {
            logger.error("due webhook deliveries could not be read", metadata: ["error": "\(error)"])
            return []
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
        var retryAfter: TimeInterval?
        do {
            let bytes = try JSONValueEncoder().encode(body).jsonData()
            for header in signer.headers(recipient: delivery.recipient, delivery: body.delivery, at: clock.now(), body: bytes) {
                request.headers.add(name: header.name, value: header.value)
            }
            request.body = .bytes(ByteBuffer(bytes: bytes))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            status = Int(response.status.code)
            retryAfter = response.headers.first(name: "Retry-After").flatMap { Self.seconds(retryAfter: $0, now: clock.now()) }
        } catch {
            failure = "\(error)"
        }
        let outcome = DeliveryDesk.after(attempt: delivery.attempts + 1, status: status, error: failure, retryAfter: retryAfter,
                                         seed: delivery.id ?? 0, policy: policy, now: clock.now())
        stats.increment(outcome.state == .delivered ? "delivered" : (outcome.state == .failed ? "failed" : "retry"))
        if let error = outcome.error {
            logger.warning("webhook attempt failed", metadata: ["delivery": "\(delivery.id ?? 0)", "attempt": "\(outcome.attempt)", "error": "\(error)"])
        }
        do { try store.record(delivery, outcome, at: clock.now()) } catch {
            logger.error("could not record a webhook attempt", metadata: ["error": "\(error)"])
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
