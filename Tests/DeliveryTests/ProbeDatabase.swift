import GRDB
import Messaging

/// Looks into the probes' files, for assertions beyond the checker's (read-only but for pruning a stopped producer's outbox).
enum ProbeDatabase {
    static func open(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    static func sequences(_ producerDB: String) throws -> [Int64] {
        try open(producerDB).read { try Int64.fetchAll($0, sql: "SELECT sequence FROM probe_sent") }
    }

    /// Empties a stopped producer's outbox, as retention would; returns how many rows went.
    static func pruneOutbox(_ producerDB: String) throws -> Int {
        try Outbox.prune(DatabaseQueue(path: producerDB), maximumAge: -1, maximumCount: 0)
    }

    static func count(_ path: String, _ sql: String) throws -> Int {
        try open(path).read { try Int.fetchOne($0, sql: sql) ?? 0 }
    }
}
