import Contracts
import Envelope
import Foundation
import GRDB
import Messaging
import ServiceKit
import Timekeeping

/// Dispatch's endpoints. The events it consumes, each inside the consumer's transaction: a reported case
/// is routed; a mediation's steps become the case's steps (a mediation event about a case whose report
/// has not reached this store yet waits for it: the two come from different producers, so either may
/// arrive first). Department commands. The case view that `GET /cases/<id>` reads.
struct DispatchEndpoints: Sendable {
    let store: DispatchStore
    let dispatcher: Dispatcher
    let clock: any WallClock

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(CaseReported.self) { db, received in try receive(db, received.event) }
        handlers.on(MediationOpened.self) { db, received in
            try follow(db, received.event, caseID: received.event.caseID) { MediationFollowing.opened(received.event, file: $0, now: $1) }
        }
        handlers.on(MediationConcluded.self) { db, received in
            try follow(db, received.event, caseID: received.event.caseID) { MediationFollowing.concluded(received.event, file: $0, now: $1) }
        }
        return handlers
    }

    /// Department commands: a department acts on its own task.
    func commands(_ assembly: ServiceAssembly) -> CommandDesk<DepartmentCommand> {
        CommandDesk(assembly, database: store.database, issuer: \.department) { [store] db, command, now in
            let decision = try TaskLifecycle.apply(command, to: try store.file(db, task: command.task), now: now)
            try store.record(db, decision)
            let state = decision.file.task(command.task)?.state.rawValue ?? ""
            return .ok(command.command, caseID: decision.file.caseID, task: command.task, state: state)
        }
    }

    /// A case's `case-view` JSON, or nil.
    @Sendable func caseView(_ caseID: String) throws -> Data? {
        try store.view(of: caseID).map { try JSONValueEncoder().encode($0).jsonData() }
    }

    func receive(_ db: Database, _ report: CaseReported) throws {
        guard try store.file(db, case: report.caseID) == nil else { return }
        let now = clock.now()
        try store.record(db, dispatcher.receive(report, now: now))
        for waiting in try store.takeDeferred(db, caseID: report.caseID) {
            let tree = try JSONValue.parse(waiting.data)
            if MediationOpened.eventTypes.contains(waiting.type) {
                let event = try JSONValueDecoder().decode(MediationOpened.self, from: tree)
                try follow(db, event, caseID: event.caseID) { MediationFollowing.opened(event, file: $0, now: $1) }
            } else if MediationConcluded.eventTypes.contains(waiting.type) {
                let event = try JSONValueDecoder().decode(MediationConcluded.self, from: tree)
                try follow(db, event, caseID: event.caseID) { MediationFollowing.concluded(event, file: $0, now: $1) }
            }
        }
    }

    func follow(_ db: Database, _ event: some EventContract, caseID: String,
                _ decide: (CaseFile, Date) -> DispatchDecision?) throws {
        let now = clock.now()
        guard let file = try store.file(db, case: caseID) else {
            return try store.postpone(db, caseID: caseID, type: event.eventType, data: JSONValueEncoder().encode(event).jsonData(), at: now)
        }
        if let decision = decide(file, now) { try store.record(db, decision) }
    }
}
