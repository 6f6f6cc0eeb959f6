import CityModel
import Foundation
import Logging
import Messaging
import ServiceKit
import ServiceLifecycle
import Timekeeping

/// Fires intake's durable watches (silent devices, residents under care) as they fall due on the
/// service's clock, looking every `tick` (and at once after a full batch).
struct WatchService: Service {
    let store: IntakeStore
    let city: City
    let devices: DeviceRegistry
    let clock: any WallClock
    let tick: Duration
    let logger: Logger
    let stats = DeliveryStats(role: "watches", name: "intake")
    static let batch = 200

    func run() async throws {
        await DueWork.run(idle: tick) {
            do {
                let taken = try store.fireDueWatches(at: clock.now(), city: city, devices: devices, limit: Self.batch)
                stats.increment("fired", by: taken)
                return taken == Self.batch
            } catch {
                logger.error("watches could not be fired", metadata: ["error": "\(error)"])
                return false
            }
        }
    }
}
