import ArgumentParser
import Messaging
import StoreKit

extension ServiceCommand {
    /// `--backup-to` and `--restore-from`: the instance's store copied out, or a backup put back while it is stopped.
    func keep(_ settings: ServiceSettings<S.Options>, environment: ServiceEnvironment) throws {
        guard let (store, service) = S.store(settings) else { throw ValidationError("\(Entry.about.label) keeps no store") }
        guard backupTo == nil || restoreFrom == nil else { throw ValidationError("give --backup-to or --restore-from, not both") }
        if let target = backupTo {
            try StoreBackup.write(store, to: target)
            ServiceRunner.emit("backed up \(settings.name)'s store \(store) to \(target)")
        }
        if let backup = restoreFrom {
            let (security, _) = try settings.security.socketSecurity(name: settings.name, context: environment.context, logger: environment.logger)
            _ = try RestoreFloor.learn(settings.name, buses: settings.buses.map(\.subscribe), context: environment.context, security: security,
                                       window: .milliseconds(max(1500, settings.claimWaitMilliseconds)))
            try StoreBackup.restore(backup, over: store, service: service, marker: store + StoreBackup.restoredSuffix)
            ServiceRunner.emit("restored \(settings.name)'s store \(store) from \(backup); its next start catches up by replay and numbers "
                               + "its events after what its consumers have applied")
        }
    }
}
