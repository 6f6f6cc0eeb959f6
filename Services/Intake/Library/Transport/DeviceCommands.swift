import CityModel
import Contracts
import Credentials
import Foundation
import GRDB
import ServiceKit
import Messaging

/// Intake's command endpoint: device commands (`device-command`). An integrator acts only as the owner
/// it names (its own identity); operators and services act for anyone. The live registry changes only once
/// the command's transaction commits.
struct DeviceCommands: Sendable {
    let store: IntakeStore
    let city: City
    let registry: DeviceRegistry

    var endpoint: CommandEndpoint<DeviceCommand> {
        CommandEndpoint(issuer: { $0.owner ?? "operator" }, authorize: Self.authorize) { [store, city, registry] db, command, _, now in
            let record = try store.deviceRecord(db, command.device)
            let existing = record.flatMap { $0.retiredAt == nil ? $0.device : nil }
            let outcome = try RegistryDesk.decide(command, existing: existing, retired: record?.retiredAt != nil, city: city, now: now)
            try store.record(db, outcome, at: now)
            switch outcome.change {
            case .register(let device): db.afterNextTransaction { _ in registry.register(device) }
            case .retire(let id): db.afterNextTransaction { _ in registry.retire(id) }
            case .none: break
            }
            return outcome.reply
        }
    }

    /// Integrators name themselves as owner; operators and services may act for any owner.
    static let authorize: CommandEndpoint<DeviceCommand>.Authorize = { command, certificate throws(Refused) in
        switch certificate.role {
        case .operator, .service: return
        case .integrator:
            guard command.owner == certificate.identity else {
                throw Refused(.forbidden, "an integrator registers and retires its own devices: send owner '\(certificate.identity)'")
            }
        default:
            throw Refused(.forbidden, "a \(certificate.role.rawValue) key ('\(certificate.identity)') does not send device-commands")
        }
    }
}
