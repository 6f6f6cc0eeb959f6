import CityModel
import Contracts
import Envelope
import Foundation
import Timekeeping
@testable import WhistleDispatch

/// One case worked through dispatch's decisions on a manual clock, its timers held as the store holds
/// them (a decision's cancellations first, then its new timers; a fired timer is gone): no sockets, no
/// database — the domain alone.
final class Casework {
    let rules: Governance
    let clock: ManualClock
    private(set) var file: CaseFile
    private(set) var timers: [TimerPlan] = []
    /// Every event emitted so far: its type and its topic.
    private(set) var emitted: [(type: String, topic: String)] = []
    /// The history's actions, oldest first.
    private(set) var actions: [String] = []
    /// Every rating the case received.
    private(set) var ratings: [CaseRating] = []

    /// Monday 2026-11-23, 09:00 in Beijing: inside working hours on the demo calendar.
    static let monday = Date(timeIntervalSince1970: 1_795_395_600)

    init(_ category: String, grid: String = "g02", city: City? = nil, at start: Date = Casework.monday, reporter: String? = "r-001") throws {
        let city = try city ?? City.demo()
        rules = Governance(city: city)
        clock = ManualClock(start)
        let kind = city.category(category)
        let report = CaseReported(
            caseID: "c1", category: category, categoryName: kind?.name ?? category, priority: kind?.priority ?? .normal,
            level: kind?.level ?? .grid, dispute: kind?.isDispute ?? false, location: city.location(ofGrid: grid)!, description: "d",
            origin: .resident, source: SourceEvent(source: "/t", id: "e", type: "whistle.report.resident"), reporter: reporter)
        let decision = Dispatcher(rules: rules).receive(report, now: clock.now())
        file = decision.file
        take(decision)
    }

    /// Takes a decision's case file, timers and events.
    func take(_ decision: DispatchDecision) {
        file = decision.file
        for cancellation in decision.cancellations { timers.removeAll(where: cancellation.covers) }
        timers += decision.timers
        actions += decision.history.map(\.action)
        if decision.history.contains(where: { $0.action == "rated" }), let rating = decision.file.rating { ratings.append(rating) }
        emitted += decision.emissions.map { ($0.event.eventType, $0.event.topic.name) }
    }

    /// Moves the clock, firing every timer that falls due on the way, in due order.
    func advance(by seconds: TimeInterval) { advance(to: clock.now().addingTimeInterval(seconds)) }

    func advance(to end: Date) {
        while let next = timers.enumerated().min(by: { $0.element.dueAt < $1.element.dueAt }), next.element.dueAt <= end {
            timers.remove(at: next.offset)
            clock.set(max(clock.now(), next.element.dueAt))
            if let decision = TimerDesk.fire(next.element, file: file, rules: rules, now: clock.now()) { take(decision) }
        }
        clock.set(end)
    }

    @discardableResult
    func staff(_ staff: String, _ action: StaffAction, task: String? = nil, department: String? = nil, reason: String? = nil,
               opinion: String? = nil, within: String? = nil, outcome: VerificationOutcome? = nil,
               decision: TriageDecision? = nil) throws(Refused) -> DispatchDecision {
        let command = StaffCommand(command: "s", staff: staff, caseID: file.caseID, action: action, task: task, department: department,
                                   reason: reason, opinion: opinion, within: within, outcome: outcome, decision: decision)
        let made = try StaffDesk.apply(command, to: file, rules: rules, now: clock.now())
        take(made)
        return made
    }

    @discardableResult
    func department(_ department: String, _ action: TaskAction, task: String? = nil, note: String? = nil, reason: String? = nil,
                    suggest: String? = nil, order: String? = nil) throws(Refused) -> DispatchDecision {
        let command = DepartmentCommand(command: "d", department: department, task: task ?? "c1-\(department)", action: action, note: note,
                                        reason: reason, suggest: suggest, order: order)
        let made = try TaskLifecycle.apply(command, to: file, rules: rules, now: clock.now())
        take(made)
        return made
    }

    @discardableResult
    func rate(_ satisfaction: Satisfaction, _ solved: Solved, reporter: String = "r-001") throws(Refused) -> DispatchDecision {
        let made = try RatingDesk.apply(RatingCommand(command: "r", reporter: reporter, caseID: file.caseID, satisfaction: satisfaction, solved: solved),
                                        to: file, rules: rules, now: clock.now())
        take(made)
        return made
    }


    /// The task of a holder (`grid`, `community`, a department code), latest first.
    func task(of holder: String) -> CaseTask? { file.tasks.last { $0.department == holder } }

    /// A time on the demo calendar's clock: `at("2026-11-23 17:30")` Beijing time.
    static func at(_ text: String) -> Date {
        let parts = text.split(separator: " ")
        let day = WorkCalendar.always.midnight(of: String(parts[0]))!
        let clock = parts[1].split(separator: ":").map { Double($0)! }
        return day.addingTimeInterval(clock[0] * 3600 + clock[1] * 60 - 8 * 3600)
    }
}

/// Why `body` was refused, or nil when it was not.
func refusal<T>(_ body: () throws -> T) -> Refusal? {
    do {
        _ = try body()
        return nil
    } catch {
        return (error as? Refused)?.reason
    }
}
