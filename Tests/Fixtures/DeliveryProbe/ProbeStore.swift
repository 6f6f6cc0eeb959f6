import Envelope
import GRDB
import Logging
import Messaging
import StoreKit

/// The probe's tables beside the outbox or inbox: what the producer committed, what the consumer applied.
enum ProbeStore {
    static func producer(path: String, logger: Logger) throws -> any DatabaseWriter {
        var migrator = DatabaseMigrator()
        Outbox.registerMigrations(in: &migrator)
        migrator.registerMigration("probe-sent-v1") { db in
            try db.execute(sql: "CREATE TABLE probe_sent (idx INTEGER PRIMARY KEY, sequence INTEGER NOT NULL, topic TEXT NOT NULL)")
        }
        return try StoreDatabase.open(.file(path), durability: .full, migrator: migrator, logger: logger)
    }

    static func consumer(path: String, logger: Logger) throws -> any DatabaseWriter {
        var migrator = DatabaseMigrator()
        Inbox.registerMigrations(in: &migrator)
        migrator.registerMigration("probe-received-v1") { db in
            try db.execute(sql: """
                CREATE TABLE probe_received (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, producer TEXT NOT NULL, sequence INTEGER NOT NULL,
                    idx INTEGER NOT NULL, topic TEXT NOT NULL)
                """)
        }
        return try StoreDatabase.open(.file(path), durability: .full, migrator: migrator, logger: logger)
    }

}

/// The probe's one event: its index, and padding to give it a size. Even indexes go to
/// `probe.even.s01.c01`, odd ones to `probe.odd.s02.c03`, so consumers can filter half of them.
struct ProbeEvent: EventContract {
    static let eventTypes = ["whistle.probe.event"]
    static let summary = "A numbered test event of the delivery probe."
    var index: Int
    var padding: String?

    var topic: Topic {
        Topic(segments: index % 2 == 0 ? ["probe", "even", "s01", "c01"] : ["probe", "odd", "s02", "c03"])
    }
}
