import Contracts
import Foundation
import Logging
import Messaging
import Metrics
import ServiceLifecycle
import Timekeeping
import WhistleNotificationDomain

/// Delivers what is owed by webhook, e-mail and SMS, each channel's `Courier` carrying it out, recording every attempt;
/// failures are retried as the `RetryPolicy` says. Up to `concurrency` lanes (a recipient on a channel) are delivered to
/// at once, each one message at a time in the order of the steps: a receiver that hangs holds up its own messages only.
/// One endpoint takes at most half the lanes at once, and one that keeps failing rests (`Breakers`), so a dead receiver
/// shared by many recipients slows no one else. It wakes when a delivery is owed (the consumer's commit rings `bell`),
/// when an attempt ends, and when the next retry or probe falls due — no polling.
struct Deliverer: Service {
    let store: NotificationStore
    let policy: RetryPolicy
    let couriers: [DeliveryChannel: any Courier]
    /// Text messages one recipient gets on one day of the city's clock (`utcOffset`) at most.
    let smsCap: (cap: Int, utcOffset: Int)
    let bell: DeliveryBell
    let clock: any WallClock
    let logger: Logger

    /// Lanes (a recipient on a channel) delivered to at once.
    static let concurrency = 32
    /// The longest sleep with nothing due: a safety net, not the way work is found.
    static let longestSleep: TimeInterval = 1

    /// What woke the loop: an attempt ended (on its lane and endpoint; whether the endpoint answered as a working one does),
    /// a retry or probe fell due, a commit rang.
    enum Wake: Sendable { case finished(DeliveryLane, endpoint: String, healthy: Bool), retryDue(Date), rung }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Wake.self) { group in
                var busy = Set<DeliveryLane>() // lanes with an attempt under way
                var breakers = Breakers(perEndpoint: Self.concurrency / 2)
                var wakeAt: Date?              // when the earliest sleeper wakes for a retry falling due
                var listening = false
                var measuredAt = Date.distantPast
                while !Task.isShuttingDownGracefully, !Task.isCancelled {
                    // A delivery whose endpoint is full is left. When that endpoint is degraded it is passed over from then
                    // on, so the next read finds others; a healthy one's deliveries are taken in turn as it answers.
                    var passedOver = breakers.passedOver(now: clock.now())
                    while busy.count < Self.concurrency {
                        for delivery in due(room: Self.concurrency - busy.count, busy: busy, blocked: passedOver) {
                            let (lane, endpoint) = (delivery.lane, delivery.endpoint ?? delivery.channel.rawValue)
                            guard breakers.admit(endpoint, now: clock.now()) else { continue }
                            busy.insert(lane)
                            // Its own task, so that shutting down (below) lets an attempt under way finish and be recorded.
                            group.addTask {
                                let healthy = await Task { await deliver(delivery) }.value
                                return .finished(lane, endpoint: endpoint, healthy: healthy)
                            }
                        }
                        let now = breakers.passedOver(now: clock.now())
                        guard now != passedOver else { break }
                        passedOver = now
                    }
                    if busy.isEmpty || clock.now().timeIntervalSince(measuredAt) >= 1 {    // at most once a second while busy
                        measuredAt = clock.now()
                        measureBacklog()
                    }
                    let retry = nextRetry()
                    let next = min(retry, breakers.nextProbe(after: clock.now()) ?? retry)
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
                    case .finished(let lane, let endpoint, let healthy):
                        busy.remove(lane)
                        breakers.finished(endpoint, healthy: healthy, now: clock.now())
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

    /// `/metrics`: the deliveries owed on each channel (`whistle_notification_pending`) and the age of the oldest
    /// (`whistle_notification_oldest_pending_seconds`, 0 when none is owed).
    private func measureBacklog() {
        let backlog: [DeliveryChannel: (count: Int, oldest: Date)]
        do { backlog = try store.backlog() } catch {
            logger.error("the delivery backlog could not be read", metadata: ["error": "\(error)"])
            return
        }
        for channel in couriers.keys {
            let owed = backlog[channel]
            Gauge(label: "whistle_notification_pending", dimensions: [("channel", channel.rawValue)]).record(owed?.count ?? 0)
            Gauge(label: "whistle_notification_oldest_pending_seconds", dimensions: [("channel", channel.rawValue)])
                .record(owed.map { max(0, clock.now().timeIntervalSince($0.oldest)) } ?? 0)
        }
    }

    /// When the earliest retry falls due: at most `longestSleep` from now.
    private func nextRetry() -> Date {
        let now = clock.now()
        let latest = now.addingTimeInterval(Self.longestSleep)
        do { return min(try store.nextRetry(after: now) ?? latest, latest) } catch {
            logger.error("the next delivery attempt could not be read", metadata: ["error": "\(error)"])
            return clock.now().addingTimeInterval(1)
        }
    }

    /// Up to `room` due deliveries in lanes not `busy`, to endpoints not `blocked`.
    private func due(room: Int, busy: Set<DeliveryLane>, blocked: Set<String>) -> [DeliveryRecord] {
        guard room > 0 else { return [] }
        do { return try store.due(limit: room, now: clock.now(), excluding: busy, blocked: blocked) } catch {
            logger.error("due deliveries could not be read", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Attempts the delivery and records what became of it; whether its endpoint answered as a working one does.
    private func deliver(_ delivery: DeliveryRecord) async -> Bool {
        if delivery.channel == .sms, !withinDailyCap(delivery) {
            record(delivery, DeliveryDesk.capped(attempt: delivery.attempts + 1, cap: smsCap.cap, now: clock.now()))
            return true
        }
        // Owed on a channel no longer configured (e-mail queued before a restart without a mail server): a failed attempt,
        // retried and in the end given up like any other — never skipped, so it neither spins nor vanishes.
        let started = ContinuousClock.now
        let answer = await couriers[delivery.channel]?.carry(delivery)
            ?? AttemptAnswer(error: "nothing carries \(delivery.channel.rawValue) deliveries: no \(delivery.channel == .email ? "notification.smtp.host" : "courier") is configured")
        let took = started.duration(to: .now)
        let outcome = DeliveryDesk.after(attempt: delivery.attempts + 1, status: answer.status, error: answer.error, retryAfter: answer.retryAfter,
                                         seed: delivery.id ?? 0, channel: delivery.channel, lastAttempt: delivery.lastAttempt, policy: policy,
                                         now: clock.now())
        record(delivery, outcome, took: took, response: answer.response)
        return Breakers.healthy(status: answer.status, channel: delivery.channel)
    }

    /// Counts the attempt, logs a failure, and records it — how long it took, what the receiver said — with what the
    /// delivery became.
    private func record(_ delivery: DeliveryRecord, _ outcome: AttemptOutcome, took: Duration? = nil, response: String? = nil) {
        Counter(label: "whistle_notification_deliveries_total", dimensions: [("channel", delivery.channel.rawValue), ("outcome", outcome.state == .pending ? "retry" : outcome.state.rawValue)])
            .increment()
        if let error = outcome.error {
            logger.warning("a delivery attempt failed", metadata: ["delivery": "\(delivery.id ?? 0)", "channel": "\(delivery.channel)",
                                                               "attempt": "\(outcome.attempt)", "error": "\(error)"])
        }
        let milliseconds = took.map { Int(($0 / .milliseconds(1)).rounded()) }
        do { try store.record(delivery, outcome, at: clock.now(), latencyMilliseconds: milliseconds, response: response) } catch {
            logger.error("could not record a delivery attempt", metadata: ["error": "\(error)"])
        }
    }

    /// Whether the text message's recipient is under their daily cap (an emergency always is).
    private func withinDailyCap(_ delivery: DeliveryRecord) -> Bool {
        let since = ShortMessage.dayStart(of: clock.now(), utcOffset: smsCap.utcOffset)
        do {
            let sent = try store.delivered(.sms, to: delivery.recipient, since: since)
            return ShortMessage.withinDailyCap(sentToday: sent, cap: smsCap.cap, critical: delivery.critical)
        } catch {
            logger.error("the text messages sent today could not be counted", metadata: ["error": "\(error)"])
            return true
        }
    }
}
