public import Contracts
public import Envelope
public import Foundation
import CityModel

/// What one decision does to a case: the case file after it, the history steps it adds, the events it
/// emits, the timers it sets and the ones it makes moot — the store records all of them in one
/// transaction. Every step publishes `whistle.case.<action>` on the case's status topic under the id
/// `<case>-s<step>`; a notice to a task's holder goes on the holder's task topic.
public struct DispatchDecision: Sendable {
    public private(set) var file: CaseFile
    /// The case file as it was before the decision (a new case's has no steps).
    public let before: CaseFile
    public private(set) var history: [HistoryEntry] = []
    public private(set) var emissions: [Emission] = []
    public private(set) var timers: [TimerPlan] = []
    public private(set) var cancellations: [TimerCancellation] = []
    /// When the decision was made (the injected clock's time).
    public let now: Date
    public let rules: Governance

    public init(_ file: CaseFile, rules: Governance, at now: Date) {
        (self.file, self.before, self.rules, self.now) = (file, file, rules, now)
    }

    /// Records a step, moves the case to `status`, and publishes the step.
    public mutating func step<Detail: CaseStepDetail>(
        _ status: CaseStatus, _ detail: Detail, department: String? = nil, task: String? = nil, note: String? = nil, by: String? = nil
    ) {
        file.status = status
        file.updatedAt = now
        file.steps += 1
        history.append(HistoryEntry(step: file.steps, action: detail.action, level: file.level, department: department, task: task,
                                    note: note, by: by, at: now))
        let event = CaseStep(caseID: file.caseID, status: status, category: file.category, location: file.location,
                             reporter: file.reporter, detail: detail)
        emissions.append(Emission(id: "\(file.caseID)-s\(file.steps)", event: event))
    }

    /// Tells a task's holder something on its own topic (always beside a step of the same decision).
    public mutating func notify<Detail: TaskNoticeDetail>(_ task: CaseTask, _ detail: Detail) {
        let notice = TaskNotice(caseID: file.caseID, task: task.task, department: task.department, holder: holder(of: task),
                                location: file.location, detail: detail)
        emissions.append(Emission(id: "\(file.caseID)-s\(file.steps)-\(task.task)-\(Detail.actions[0])", event: notice))
    }

    /// Publishes a task on its holder's topic.
    public mutating func publish(_ task: CaseTask) {
        let event = TaskAssigned(report: file.report, task: task.task, department: task.department, holder: holder(of: task), kind: task.kind,
                                 role: task.role, level: task.level, acknowledgeBy: task.acknowledgeBy, handleBy: task.handleBy)
        emissions.append(Emission(id: "\(task.task)-assigned-r\(task.rework)-\(file.steps)", event: event))
    }

    /// Whose topic a task's events go on: the department's, or the rung's holder as the city names them now
    /// (the grid's worker, the community, street or district office).
    public func holder(of task: CaseTask) -> String {
        guard task.kind != .department else { return task.department }
        return rules.city.holder(of: task.level, at: file.location)?.id ?? task.department
    }

    public mutating func schedule(_ plans: [TimerPlan]) { timers += plans }

    public mutating func cancel(_ cancellation: TimerCancellation) {
        cancellations.append(cancellation)
        timers.removeAll(where: cancellation.covers)
    }

    public mutating func add(_ task: CaseTask) { file.tasks.append(task) }

    /// Changes one task in place (its `updatedAt` moves to now).
    public mutating func update(task id: String, _ change: (inout CaseTask) -> Void) {
        guard let index = file.tasks.firstIndex(where: { $0.task == id }) else { return }
        change(&file.tasks[index])
        file.tasks[index].updatedAt = now
    }

    public mutating func update(order id: String, _ change: (inout Supervision) -> Void) {
        guard let index = file.orders.firstIndex(where: { $0.order == id }) else { return }
        change(&file.orders[index])
    }

    public mutating func add(_ order: Supervision) { file.orders.append(order) }

    /// Sets the case's fields a step does not cover (the rung, who whistled, the round, the rating …).
    public mutating func amend(_ change: (inout CaseFile) -> Void) { change(&file) }

    /// A task id not used in this case yet: `<case>-<holder>`, then `<case>-<holder>-2` …
    public func newTaskID(for holder: String) -> String {
        let base = "\(file.caseID)-\(holder)"
        var id = base, number = 1
        while file.task(id) != nil {
            number += 1
            id = "\(base)-\(number)"
        }
        return id
    }

    /// True when the decision changes nothing.
    public var isEmpty: Bool { history.isEmpty && emissions.isEmpty && timers.isEmpty && cancellations.isEmpty }
}
