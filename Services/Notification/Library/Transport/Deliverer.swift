import AsyncHTTPClient
import Contracts
import Envelope
import Foundation
import Logging
public import Messaging
import Metrics
import NIOCore
import NIOHTTP1
import ServiceKit
public import ServiceLifecycle
import Timekeeping

/// Delivers pending webhook notifications by HTTP POST, recording every attempt; failures are retried
/// as the `RetryPolicy` says. Up to `concurrency` recipients are delivered to at once, each one message at a time in
/// the order of the steps: a receiver that hangs holds up its own messages only. It wakes when a delivery is owed (the
/// consumer's commit rings `bell`), when an attempt ends, and when the next retry falls due — no polling.
public struct WebhookDeliverer: Service {
    let store: NotificationStore
    let policy: RetryPolicy
    let signer: WebhookSigner
    let bell: DeliveryBell
    let clock: any WallClock
    let logger: Logger
    public let stats = DeliveryStats(role: "webhook", name: "notification")

    init(store: NotificationStore, policy: RetryPolicy, signer: WebhookSigner, bell: DeliveryBell, clock: any WallClock, logger: Logger) {
        (self.store, self.policy, self.signer, self.bell, self.clock, self.logger) = (store, policy, signer, bell, clock, logger)
    }

    /// Recipients delivered to at once.
    static let concurrency = 16
    /// The longest sleep with nothing due: a safety net, not the way work is found.
    static let longestSleep: TimeInterval = 1

    /// What woke the loop.
    enum Wake: Sendable { case finished(String), retryDue(Date), rung }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Wake.self) { group in
                var busy = Set<String>()       // recipients with an attempt under way
                var wakeAt: Date?              // when the earliest sleeper wakes for a retry falling due
                var listening = false
                var measuredAt = Date.distantPast
                while !Task.isShuttingDownGracefully, !Task.isCancelled {
                    for delivery in due(room: Self.concurrency - busy.count, busy: busy) {
                        busy.insert(delivery.recipient)
                        // Its own task, so that shutting down (below) lets an attempt under way finish and be recorded.
                        group.addTask { await Task { await deliver(delivery) }.value; return .finished(delivery.recipient) }
                    }
                    if busy.isEmpty || clock.now().timeIntervalSince(measuredAt) >= 1 {    // at most once a second while busy
                        measuredAt = clock.now()
                        measureBacklog()
                    }
                    let next = nextRetry()
                    if wakeAt.map({ next < $0 }) ?? true {       // a retry falls due sooner than anyone wakes
                        wakeAt = next
                        let wait = max(next.timeIntervalSince(clock.now()), 0.001)
                        group.addTask { try? await Task.sleep(for: .milliseconds(Int(wait * 1_000))); return .retryDue(next) }
                    }
                    if !listening {
                        listening = true
                        group.addTask { await bell.wait(); return .rung }
                    }
                    switch await group.next() {
                    case .finished(let recipient): busy.remove(recipient)
                    case .retryDue(let at): if at == wakeAt { wakeAt = nil }
                    case .rung: listening = false
                    case nil: return
                    }
                }
                group.cancelAll()              // sleepers and the listener end; attempts under way finish and are recorded
            }
        } onGracefulShutdown: {
            bell.ring()
        }
    }

    /// `/metrics`: the webhook deliveries owed (`whistle_notification_pending`) and the age of the oldest
    /// (`whistle_notification_oldest_pending_seconds`, 0 when none is owed).
    private func measureBacklog() {
        let backlog: (count: Int, oldest: Date?)
        do { backlog = try store.backlog() } catch {
            logger.error("the webhook backlog could not be read", metadata: ["error": "\(error)"])
            return
        }
        Gauge(label: "whistle_notification_pending", dimensions: [("channel", "webhook")]).record(backlog.count)
        Gauge(label: "whistle_notification_oldest_pending_seconds", dimensions: [("channel", "webhook")])
            .record(backlog.oldest.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0)
    }

    /// When the earliest retry falls due: at most `longestSleep` from now.
    private func nextRetry() -> Date {
        let now = clock.now()
        let latest = now.addingTimeInterval(Self.longestSleep)
        do { return min(try store.nextRetry(after: now) ?? latest, latest) } catch {
            logger.error("the next webhook attempt could not be read", metadata: ["error": "\(error)"])
            return clock.now().addingTimeInterval(1)
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
