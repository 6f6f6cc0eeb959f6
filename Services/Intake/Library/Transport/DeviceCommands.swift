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

    func desk(_ assembly: ServiceAssembly) -> CommandDesk<DeviceCommand> {
        CommandDesk<DeviceCommand>(assembly, database: store.database, issuer: { $0.owner ?? "operator" }, authorize: Self.authorize) {
            [store, city, registry] db, command, now in
            let record = try store.deviceRecord(db, command.device)
            let existing = record.flatMap { $0.retiredAt == nil ? $0.device : nil }
            let change = try RegistryDesk.apply(command, existing: existing, retired: record?.retiredAt != nil, city: city)
            switch change {
            case .register(let device):
                try store.register(db, device, now: now)
                try store.heard(db, device: device.id, registered: device, passage: false, memory: nil, city: city, now: now)
                db.afterNextTransaction { _ in registry.register(device) }
            case .retire(let id):
                try store.retire(db, id, now: now)
                db.afterNextTransaction { _ in registry.retire(id) }
            case .none:
                break
            }
            let state = command.action == .register ? "registered" : "retired"
            return .ok(command.command, caseID: nil, device: command.device, state: state)
        }
    }

    /// Integrators name themselves as owner; operators and services may act for any owner.
    static let authorize: CommandDesk<DeviceCommand>.Authorize = { command, certificate throws(CommandRefused) in
        switch certificate.role {
        case .operator, .service: return
        case .integrator:
            guard command.owner == certificate.identity else {
                throw CommandRefused(.forbidden, "an integrator registers and retires its own devices: send owner '\(certificate.identity)'")
            }
        default:
            throw CommandRefused(.forbidden, "a \(certificate.role.rawValue) key ('\(certificate.identity)') does not send device-commands")
        }
    }
}
