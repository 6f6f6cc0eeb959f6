import CityModel
import Foundation
import GRDB
import Messaging
import Timekeeping
import WhistleNotificationDomain

/// Fires the digests that fell due (the timer service calls `fire`): in one transaction, each recipient's digest of the
/// open items they answer for is queued and their next one armed — so a digest is made once per period across a crash.
struct DigestTimers: Sendable {
    let store: NotificationStore
    let addresses: Addressbook
    let book: TemplateBook
    let city: City
    let bell: DeliveryBell

    func fire(now: Date, limit: Int) throws -> Int {
        try store.database.write { db in
            let due = try store.digestsDue(db, at: now, limit: limit)
            for (digest, preferences) in due {
                let holder = DigestDesk.holder(of: digest.recipient, city: city) ?? digest.recipient
                let decision = DigestDesk.digest(digest, items: try store.openItems(db, of: holder), addresses: addresses, preferences: preferences,
                                                 book: book, calendar: city.calendar, now: now)
                try store.record(db, decision)
            }
            if !due.isEmpty { db.afterNextTransaction(onCommit: { [bell] _ in bell.ring() }) }
            return due.count
        }
    }
}
