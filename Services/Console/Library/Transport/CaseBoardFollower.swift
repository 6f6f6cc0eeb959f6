import CityModel
import Contracts
import GRDB
import Messaging
import Timekeeping
import WhistleConsoleDomain

/// Intake's reports (`case.reported.*`), dispatch's case steps (`status.case.*`) and the tasks it gives and takes
/// away (`task.*`), applied to the board each exactly once in the consumer's transaction; the live pages hear of it
/// once the transaction commits.
struct CaseBoardFollower: Sendable {
    let store: ConsoleStore
    let city: City
    let clock: any WallClock
    let feed: LiveFeed

    var subscriptions: [String] { [Topics.caseReported, Topics.caseStatus, Topics.tasks] }

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        let (store, clock, feed) = (store, clock, feed)
        handlers.on(CaseReported.self) { db, received in
            let current = try store.boardCase(db, received.event.caseID)
            let given = current == nil ? try store.holders(db, caseID: received.event.caseID) : []
            try store.record(db, CaseBoard.reported(received.event, onto: current, given: given, at: received.time ?? clock.now()))
            feed.announceAfterCommit(db)
        }
        handlers.on(TaskAssigned.self) { db, received in
            let task = TaskBoard.assigned(received.event, at: received.time ?? clock.now())
            try store.record(db, task)
            if let row = try store.boardCase(db, task.caseID), let holding = CaseBoard.given(to: task.holder, onto: row) { try store.record(db, holding) }
            feed.announceAfterCommit(db)
        }
        handlers.on(TaskWithdrawn.self) { db, received in
            if let task = TaskBoard.withdrawn(try store.boardTask(db, received.event.task), at: received.time ?? clock.now()) {
                try store.record(db, task)
                feed.announceAfterCommit(db)
            }
        }
        var registrar = Registrar(follower: self, handlers: handlers)
        CaseStepTypes.visitAll(&registrar)
        handlers = registrar.handlers
        return handlers
    }

    /// A handler for each kind of case step.
    private struct Registrar: CaseStepVisitor {
        let follower: CaseBoardFollower
        var handlers: EventHandlers
        mutating func visit<Detail: CaseStepDetail>(_ type: CaseStep<Detail>.Type) { follower.follow(type, &handlers) }
    }

    fileprivate func follow<Detail>(_ type: CaseStep<Detail>.Type, _ handlers: inout EventHandlers) {
        let (store, city, clock, feed) = (store, city, clock, feed)
        handlers.on(type) { db, received in
            let (facts, time) = (StepFacts(received.event), received.time ?? clock.now())
            let current = try store.boardCase(db, facts.caseID)
            let given = current == nil ? try store.holders(db, caseID: facts.caseID) : []
            try store.record(db, CaseBoard.stepped(facts, onto: current, given: given, city: city, at: time))
            if let id = facts.task, let task = TaskBoard.stepped(facts, onto: try store.boardTask(db, id), at: time) { try store.record(db, task) }
            if let id = facts.withdrawn, let task = TaskBoard.withdrawn(try store.boardTask(db, id), at: time) { try store.record(db, task) }
            feed.announceAfterCommit(db)
        }
    }
}
