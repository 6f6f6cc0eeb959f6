import Foundation
import Logging
public import Messaging
import ServiceKit
public import ServiceLifecycle
import Timekeeping

/// Fires dispatch's durable timers as they fall due on the service's clock: it looks every `tick` (and at
/// once after a full batch), so a timer fires at most one tick late; everything it decides is recorded
/// and published like any other decision.
public struct TimerService: Service {
    let store: DispatchStore
    let rules: Governance
    let clock: any WallClock
    let tick: Duration
    let logger: Logger
    public let stats = DeliveryStats(role: "timers", name: "dispatch")
    static let batch = 200

    init(store: DispatchStore, rules: Governance, clock: any WallClock, tick: Duration, logger: Logger) {
        (self.store, self.rules, self.clock, self.tick, self.logger) = (store, rules, clock, tick, logger)
    }

    public func run() async throws {
        await DueWork.run(idle: tick) {
            do {
                let taken = try store.fireDueTimers(at: clock.now(), rules: rules, limit: Self.batch)
                stats.increment("fired", by: taken)
                return taken == Self.batch
            } catch {
                logger.error("timers could not be fired", metadata: ["error": "\(error)"])
                return false
            }
        }
    }
}
