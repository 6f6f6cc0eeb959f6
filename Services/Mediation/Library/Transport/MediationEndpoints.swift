import Contracts
import Credentials
import GRDB
import Messaging
import ServiceKit
import Timekeeping

/// Mediation's endpoints: a reported dispute opens a mediation case (in the consumer's transaction);
/// mediators conclude their cases by command.
struct MediationEndpoints: Sendable {
    let store: MediationStore
    let desk: MediationDesk
    let clock: any WallClock

    /// Mediator commands: a mediator concludes their own case.
    var commands: CommandEndpoint<MediatorCommand> {
        CommandEndpoint(issuer: \.mediator, authorize: CommandEndpoint<MediatorCommand>.actingAs(.staff, named: \.mediator)) { [store] db, command, _, now in
            let concluded = try MediationDesk.conclude(command, file: try store.file(db, mediation: command.mediation), now: now)
            try store.record(db, concluded, at: now)
            return .ok(command.command, caseID: concluded.file.caseID, mediation: concluded.file.mediation, state: concluded.file.status.rawValue)
        }
    }

    /// A reported dispute opens a mediation case with its mediator, in the consumer's transaction.
    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(CaseReported.self) { db, received in
            let now = clock.now()
            guard try !store.hasCase(db, caseID: received.event.caseID), let opened = try desk.open(received.event, now: now) else { return }
            try store.record(db, opened, at: now)
        }
        return handlers
    }
}
