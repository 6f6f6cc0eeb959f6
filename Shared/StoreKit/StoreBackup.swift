import Foundation
import GRDB

/// A service's store copied out while it runs, and put back while it does not.
public enum StoreBackup {
    /// Beside a restored store until its next start has raised its sequence floor: `dispatch.sqlite.restored`.
    public static let restoredSuffix = ".restored"

    /// Why a backup cannot be written or restored.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Writes a consistent copy of the store at `store` to `target` (`VACUUM INTO`: one read transaction, so the
    /// service may go on writing meanwhile); refuses a target that exists.
    public static func write(_ store: String, to target: String) throws {
        guard FileManager.default.fileExists(atPath: store) else { throw Failure("no store at \(store)") }
        guard !FileManager.default.fileExists(atPath: target) else { throw Failure("\(target) exists: name a new file for the backup") }
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: store, configuration: configuration)
        try database.inDatabase { try $0.execute(sql: "VACUUM INTO ?", arguments: [target]) }
    }

    /// Puts the backup at `backup` in place of the store at `store`, after checking it is whole and is a store of
    /// `service` (its migrations are `<service>-…`). `marker` is written first, so that the next start knows its
    /// store was restored even if this is interrupted.
    public static func restore(_ backup: String, over store: String, service: String, marker: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let checked = try DatabaseQueue(path: backup, configuration: configuration)
        let (integrity, migrations) = try checked.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try db.tableExists("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : [])
        }
        try checked.close()
        guard integrity == "ok" else { throw Failure("\(backup) is damaged: \(integrity ?? "no answer to integrity_check")") }
        guard migrations.contains(where: { $0.hasPrefix(service + "-") }) else {
            throw Failure("\(backup) is not a \(service) store (its migrations: \(migrations.isEmpty ? "none" : migrations.joined(separator: ", ")))")
        }
        let files = FileManager.default
        guard files.createFile(atPath: marker, contents: Data("restored from \(backup)\n".utf8)) else {
            throw Failure("cannot write \(marker): the next start would not know its store was restored")
        }
        let copy = store + ".restoring"
        try? files.removeItem(atPath: copy)
        try files.copyItem(atPath: backup, toPath: copy)
        for leftover in [store + "-wal", store + "-shm"] where files.fileExists(atPath: leftover) {
            try files.removeItem(atPath: leftover)      // the old store's log must never be applied to the backup
        }
        guard rename(copy, store) == 0 else { throw Failure("cannot put \(copy) in place of \(store): \(String(cString: strerror(errno)))") }
    }
}
