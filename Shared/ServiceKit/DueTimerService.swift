public import Foundation
public import Logging
public import Messaging
public import ServiceLifecycle
public import Timekeeping

/// Fires a store's durable timers as they fall due on the service's clock (dispatch's deadlines,
/// intake's watches): it looks every `tick`, and at once again after a full batch, so a timer fires at
/// most one tick late. `fire` takes what is due at a time, up to a limit, in one transaction, and says
/// how many it took; recording what each decided is the store's business.
public struct DueTimerService: Service {
    public typealias Fire = @Sendable (_ now: Date, _ limit: Int) throws -> Int

    let clock: any WallClock
    let tick: Duration
    let logger: Logger
    let batch: Int
    let fire: Fire
    let kind: String
    public let stats: DeliveryStats

    /// `kind` names the timers in the counters and the log (`timers`, `watches`).
    public init(_ kind: String, of service: String, clock: any WallClock, tick: Duration, batch: Int = 200, logger: Logger,
                fire: @escaping Fire) {
        (self.clock, self.tick, self.logger, self.batch, self.fire, self.kind) = (clock, tick, logger, batch, fire, kind)
        stats = DeliveryStats(role: kind, name: service)
    }

    public func run() async throws {
        await DueWork.run(idle: tick) {
            do {
                let taken = try fire(clock.now(), batch)
                stats.increment("fired", by: taken)
                return taken == batch
            } catch {
                logger.error("due timers could not be fired", metadata: ["timers": "\(kind)", "error": "\(error)"])
                return false
            }
        }
    }
}
