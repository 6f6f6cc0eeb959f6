public import Foundation
package import GRDB
public import Messaging

/// A street this store has held, and since when.
struct StreetRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "dispatch_street"
    var street: String
    var since: Date
}

extension ServiceStore where Schema == DispatchSchema {
    /// The streets this store has held (nil before it ever said) and its open cases by street.
    package func streetCustody() throws -> (custody: StreetCustody, openCases: [String: Int]) {
        try database.read { db in
            let held = try StreetRecord.fetchAll(db).map(\.street)
            let open = try Row.fetchAll(db, sql: "SELECT street, COUNT(*) AS open FROM dispatch_case WHERE status <> 'closed' GROUP BY street")
            return (StreetCustody(held: held.isEmpty ? nil : Set(held)),
                    Dictionary(open.map { ($0["street"] as String, $0["open"] as Int) }, uniquingKeysWith: +))
        }
    }

    /// Records that this store holds `streets` from `now` on (those it held already keep their date).
    package func hold(_ streets: Set<String>, at now: Date) throws {
        try database.write { db in
            for street in streets.sorted() where try StreetRecord.fetchOne(db, key: street) == nil {
                try StreetRecord(street: street, since: now).insert(db)
            }
        }
    }
}
