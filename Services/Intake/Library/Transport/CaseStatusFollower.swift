import CityModel
import Contracts
import Messaging
import Timekeeping

/// Dispatch's case steps (`status.case.*`), applied to intake's public view of the cases it opened, each
/// exactly once in the consumer's transaction.
struct CaseStatusFollower: Sendable {
    let store: IntakeStore
    let city: City
    let clock: any WallClock

    var subscriptions: [String] { [Topics.caseStatus] }

    var handlers: EventHandlers {
        var registrar = Registrar(follower: self)
        CaseStepTypes.visitAll(&registrar)
        return registrar.handlers
    }

    /// A handler for each kind of case step.
    private struct Registrar: CaseStepVisitor {
        let follower: CaseStatusFollower
        var handlers = EventHandlers()
        mutating func visit<Detail: CaseStepDetail>(_ type: CaseStep<Detail>.Type) { follower.follow(type, &handlers) }
    }

    fileprivate func follow<Detail>(_ type: CaseStep<Detail>.Type, _ handlers: inout EventHandlers) {
        let (store, city, clock) = (store, city, clock)
        handlers.on(type) { db, received in
            let time = received.time ?? clock.now()
            // A case this intake did not open is not its to show.
            guard let status = try store.publicStatus(db, caseID: received.event.caseID) else { return }
            let next = status.after(received.event, in: city, at: time)
            if next != status { try store.record(db, caseID: received.event.caseID, status: next) }
        }
    }
}
