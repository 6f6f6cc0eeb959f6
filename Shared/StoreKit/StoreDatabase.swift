public import GRDB
public import Foundation
public import Logging

/// How hard SQLite works to keep a commit across a power cut.
public enum Durability: String, Sendable, Codable {
    /// `synchronous=FULL`: every commit is on disk before it returns. For anything acknowledged
    /// to someone outside the process (an ingest reply, an applied event offset).
    case full
    /// `synchronous=NORMAL`: survives a process crash (`kill -9`), may lose the last commits on power loss.
    case normal
}

/// Where a service keeps its one SQLite database.
public enum StoreLocation: Sendable, Equatable {
    /// A file, opened as a `DatabasePool` in WAL mode (production).
    case file(String)
    /// A private in-memory database, opened as a `DatabaseQueue` (unit tests).
    case inMemory
}

/// Opens a service's store the same way everywhere: WAL, a busy timeout, foreign keys,
/// the requested durability, then the service's named migrations.
public enum StoreDatabase {
    /// How long a writer waits for another writer's lock before failing with `SQLITE_BUSY`.
    public static let busyTimeout: TimeInterval = 5

    public static func open(
        _ location: StoreLocation,
        durability: Durability = .full,
        migrator: DatabaseMigrator,
        logger: Logger
    ) throws -> any DatabaseWriter {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        let writer: any DatabaseWriter
        switch location {
        case .inMemory:
            writer = try DatabaseQueue(configuration: configuration)
        case .file(let path):
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            let pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets synchronous=NORMAL while it switches the pool to WAL, so the
            // durability we want is applied only now, on the one writer connection.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(durability == .full ? "FULL" : "NORMAL")")
            }
            writer = pool
        }
        try migrator.migrate(writer)
        logger.debug("store opened", metadata: ["location": "\(location)", "durability": "\(durability.rawValue)"])
        return writer
    }
}
