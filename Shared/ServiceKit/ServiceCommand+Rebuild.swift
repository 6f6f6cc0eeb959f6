import ArgumentParser
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import ServiceLifecycle
import UnixSignals

extension ServiceCommand {
    /// `--rebuild`: learns from the heartbeats how far each producer has published, empties the read model and the inbox
    /// offsets in one transaction, runs the service until it has applied every producer's events up to there — a
    /// progress bar on stderr — and stops. A running instance holds its web port, so the rebuild cannot start beside it.
    func rebuildReadModel(_ settings: ServiceSettings<S.Options>, environment: ServiceEnvironment) async throws {
        guard let tables = S.readModelTables, let (path, _) = S.store(settings) else {
            throw ValidationError("\(Entry.about.label) keeps no read model to rebuild: its store is the record of its own decisions")
        }
        let (security, _) = try settings.security.socketSecurity(name: settings.name, context: environment.context, logger: environment.logger)
        var heads: [String: UInt64] = [:]
        try HeartbeatListener.listen(buses: settings.buses.map(\.subscribe), context: environment.context, security: security,
                                     window: .milliseconds(2500)) { message, _ in heads[message.producer] = max(heads[message.producer] ?? 0, message.sequence) }
        guard !heads.isEmpty else { throw ValidationError("no producer beats on \(settings.buses.map(\.subscribe).joined(separator: ", ")): start the suite first") }
        let service = try S(settings: settings, environment: environment)           // opens and migrates the store
        let database = try DatabaseQueue(path: path)
        try await database.write { db in
            for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
            try db.execute(sql: "DELETE FROM whistle_inbox_offset")
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: service.services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint], logger: environment.logger))
        let (total, heard) = (heads.values.reduce(0, +), heads)
        let started = ContinuousClock.now
        let watch = Task {
            while !Task.isCancelled {
                let offsets = try await database.read { db in try Inbox.offsets(db) }
                let done = heard.reduce(UInt64(0)) { sum, head in sum + min(offsets[head.key]?.sequence ?? 0, head.value) }
                Rebuild.progress(done, of: total)
                if done >= total { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            await group.triggerGracefulShutdown()
        }
        try await group.run()
        watch.cancel()
        let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18 + Double((ContinuousClock.now - started).components.seconds)
        ServiceRunner.emit("rebuilt \(settings.name)'s read model (\(tables.joined(separator: ", "))) from \(total) events of "
                           + "\(heads.count) producers (\(heads.keys.sorted().joined(separator: ", "))) in \(String(format: "%.1f", seconds)) s")
    }

}

/// The rebuild's progress bar.
enum Rebuild {
    /// `rebuilding ▕██████░░░░░░▏  52 %  1234/2345 events`, redrawn in place on stderr.
    static func progress(_ done: UInt64, of total: UInt64) {
        let share = total == 0 ? 1 : Double(done) / Double(total)
        let filled = Int((share * 30).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        let line = "\rrebuilding ▕\(bar)▏ \(String(format: "%3d", Int(share * 100))) %  \(done)/\(total) events" + (done >= total ? "\n" : "")
        FileHandle.standardError.write(Data(line.utf8))
    }
}
