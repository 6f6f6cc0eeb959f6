import CityModel
import Contracts
import Foundation
import GRDB
import Messaging

/// Intake's watches and registry, driven the way every decision is: the store loads, the domain decides,
/// the store records it — in one transaction.
struct IntakeWatches: Sendable {
    let store: IntakeStore
    let rules: IntakeRules
    let registry: DeviceRegistry

    /// Fires up to `limit` watches due at `now`, earliest first, in one transaction: each is disarmed in the
    /// transaction that opens its case, so it opens one case however often intake is killed and restarted,
    /// and one that fell due while intake was down fires at start. Returns how many were taken.
    func fire(at now: Date, limit: Int) throws -> Int {
        try store.database.write { db in
            let due = try store.dueWatches(db, at: now, limit: limit)
            for watch in due {
                let context = IntakeContext(nextCaseNumber: try store.nextCaseNumber(db), producer: store.outbox.producer)
                let decision = WatchDesk.fire(watch.kind, subject: watch.subject, dueAt: watch.dueAt, in: rules.city, devices: registry,
                                              context: context, now: now)
                try store.record(db, decision, at: now)
            }
            return due.count
        }
    }

    /// Brings the registry up to the city file at start and arms what the city calls for; the live registry
    /// starts with the devices in service.
    static func prepare(_ store: IntakeStore, city: City, now: Date) throws -> DeviceRegistry {
        let plan = try store.database.write { db in
            let plan = RegistryDesk.bringUp(city, stored: try store.registry(db), watches: try store.watchKeys(db), now: now)
            try store.record(db, plan, at: now)
            return plan
        }
        return DeviceRegistry(plan.inService)
    }
}
