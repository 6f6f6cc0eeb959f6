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
        var handlers = EventHandlers()
        follow(CaseAssigned.self, &handlers); follow(CaseEscalated.self, &handlers); follow(CaseDispatched.self, &handlers)
        follow(CaseReferred.self, &handlers); follow(CaseUnrouted.self, &handlers); follow(CaseTaskStepped.self, &handlers)
        follow(CaseMediating.self, &handlers); follow(CaseMediationEnded.self, &handlers); follow(CaseReminded.self, &handlers)
        follow(CaseOverdue.self, &handlers); follow(CaseSupervised.self, &handlers); follow(CaseSupervisionAnswered.self, &handlers)
        follow(CaseSupervisionOverdue.self, &handlers); follow(CaseSummoned.self, &handlers); follow(CaseReassigned.self, &handlers)
        follow(CaseSentBack.self, &handlers); follow(CaseResolved.self, &handlers); follow(CaseVerified.self, &handlers)
        follow(CaseRated.self, &handlers); follow(CaseReopened.self, &handlers); follow(CaseClosed.self, &handlers)
        follow(CaseAnnotated.self, &handlers)
        return handlers
    }

    private func follow<Detail>(_ type: CaseStep<Detail>.Type, _ handlers: inout EventHandlers) {
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
