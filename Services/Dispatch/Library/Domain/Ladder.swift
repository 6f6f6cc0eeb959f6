public import Contracts
import Foundation
import CityModel
import Timekeeping

/// The moves of the ladder, as parts of a decision: taking a case onto a rung (a task for the grid's worker
/// or the community office, or the whistle that summons departments), climbing, descending, withdrawing.
extension DispatchDecision {
    /// Takes the case onto `level`: below the whistle the rung's own holder gets a task; at or above it the
    /// departments are summoned — unless they already are (climbing from street to district keeps them at
    /// work under the district's eye).
    public mutating func enter(_ level: HandlingLevel, by: String) {
        amend { $0.level = level }
        if !rules.city.summonsOnArrival(at: level) {
            assignRungTask(level, by: by)
        } else if file.whistledLevel == nil {
            whistle(at: level, by: by)
        }
    }

    /// A task for the rung's own holder: the grid's worker, the community office, or — below a whistle set
    /// higher — the street office or the district's command centre.
    public mutating func assignRungTask(_ level: HandlingLevel, by: String) {
        let kind = TaskKind(rung: level)
        let holder = rules.city.holder(of: level, at: file.location).map { PersonRef(id: $0.id, name: $0.name) }
            ?? PersonRef(id: "\(kind.rawValue)-\(file.location.grid)", name: kind.rawValue)
        let handleBy = rules.deadline(file.category, at: level, .handle, from: now)
        let task = CaseTask(task: newTaskID(for: kind.rawValue), department: kind.rawValue, kind: kind, role: .lead, state: .dispatched,
                            level: level, acknowledgeBy: nil, handleBy: handleBy, rework: file.round - 1, startedAt: now, createdAt: now,
                            updatedAt: now)
        add(task)
        schedule(rules.stageTimers(task: task.task, stage: .handle, category: file.category, level: level, from: now))
        publish(task)
        step(.assigned, Assigned(task: task.task, kind: kind, holder: holder, level: level, handleBy: handleBy), department: kind.rawValue,
             task: task.task, note: holder.name, by: by)
    }

    /// 吹哨: summons the departments the city routes the case to — the lead (主办) and each assistant (协办) —
    /// each due to report for duty and to finish on the limits of `level`.
    public mutating func whistle(at level: HandlingLevel, by: String) {
        guard let route = rules.city.departments(for: file.category, street: file.location.street) else {
            step(.unrouted, Unrouted(note: "no routing rule for this category"), note: "no routing rule for this category", by: by)
            return
        }
        amend { $0.whistledLevel = level }
        let departments = [route.lead] + route.assist
        for department in departments {
            addDepartmentTask(department, role: department == route.lead ? .lead : .assist, level: level)
        }
        let note = "lead \(route.lead)" + (route.assist.isEmpty ? "" : ", assisting \(route.assist.joined(separator: ", "))")
        step(.dispatched, Dispatched(department: route.lead, departments: departments, note: note, level: level),
             department: route.lead, note: note, by: by)
    }

    /// A department's task at `level`, timed from now, published on the department's topic.
    @discardableResult
    public mutating func addDepartmentTask(_ department: String, role: TaskRole, level: HandlingLevel, rework: Int = 0) -> CaseTask {
        let task = CaseTask(
            task: newTaskID(for: department), department: department, kind: .department, role: role, state: .dispatched, level: level,
            acknowledgeBy: rules.deadline(file.category, at: level, .acknowledge, from: now),
            handleBy: rules.deadline(file.category, at: level, .handle, from: now), rework: rework, startedAt: now, createdAt: now,
            updatedAt: now)
        add(task)
        scheduleStages(of: task)
        publish(task)
        return task
    }

    /// The reminder and overdue timers of a department task's two stages (or a rung task's one).
    public mutating func scheduleStages(of task: CaseTask) {
        let stages: [Stage] = task.kind == .department ? [.acknowledge, .handle] : [.handle]
        for stage in stages {
            schedule(rules.stageTimers(task: task.task, stage: stage, category: file.category, level: task.level, from: task.startedAt))
        }
    }

    /// Takes a task from its holder (the case moved on without it) and tells them.
    public mutating func withdraw(_ id: String, reason: String) {
        guard let task = file.task(id), task.isOpen || task.state == .returned else { return }
        update(task: id) { $0.state = .withdrawn }
        cancel(.task(id, nil))
        notify(task, Withdrawal(reason: reason))
    }

    /// Climbs one rung (by a person's escalation, or by itself when its time ran out).
    public mutating func climb(reason: String, by: String) throws(Refused) {
        guard let next = rules.city.rung(above: file.level) else {
            throw Refused(.invalidTransition, "the case is at the top rung (\(file.level.rawValue)); it cannot climb")
        }
        if let rungTask = file.levelTask { withdraw(rungTask.task, reason: "escalated to \(next.rawValue): \(reason)") }
        let from = file.level
        amend { $0.level = next }
        step(file.status, Escalated(from: from, to: next, reason: reason, by: by), note: reason, by: by)
        enter(next, by: by)
    }

    /// Goes down one rung: departments not yet at work are sent away; once one reported for duty the case
    /// stays where it is.
    public mutating func descend(reason: String, by: String) throws(Refused) {
        guard let below = rules.city.rung(below: file.level) else {
            throw Refused(.invalidTransition, "the case is at the lowest rung (\(file.level.rawValue))")
        }
        if let whistled = file.whistledLevel, below < whistled {
            let working = file.tasks.filter { $0.kind == .department && [.acknowledged, .inProgress, .completed].contains($0.state) }
            guard working.isEmpty else {
                throw Refused(.invalidTransition, "departments are at work on the case (\(working.map(\.department).joined(separator: ", ")))")
            }
            for task in file.pendingDepartmentTasks { withdraw(task.task, reason: "de-escalated to \(below.rawValue): \(reason)") }
            amend { $0.whistledLevel = nil }
        }
        if let rungTask = file.levelTask { withdraw(rungTask.task, reason: "de-escalated to \(below.rawValue): \(reason)") }
        let from = file.level
        amend { $0.level = below }
        step(file.status, Escalated(from: from, to: below, reason: reason, by: by), note: reason, by: by)
        enter(below, by: by)
    }

    /// Settled: the reporter may rate it until the rating window closes.
    /// The rung's holder settled the case: their task completes, the case is resolved at `level`, and the
    /// reporter's rating window opens.
    public mutating func settle(_ task: CaseTask, at level: HandlingLevel, by: String, note: String?) {
        let time = now
        update(task: task.task) { ($0.state, $0.completedAt) = (.completed, time) }
        cancel(.task(task.task, nil))
        amend { $0.resolvedLevel = level }
        step(.resolved, Resolved(level: level, task: task.task, by: by, note: note), department: task.department, task: task.task, note: note, by: by)
        openRatingWindow()
    }

    public mutating func openRatingWindow() {
        schedule([TimerPlan(kind: .rating, dueAt: rules.calendar.deadline(from: now, adding: rules.city.limits.rating))])
    }

    /// Closes the case: every task still open is withdrawn and every timer cancelled.
    public mutating func close(_ outcome: Closure, by: String, reason: String?) {
        for task in file.tasks where task.isOpen || task.state == .returned { withdraw(task.task, reason: "case closed: \(outcome.rawValue)") }
        cancel(.all)
        let level = file.resolvedLevel ?? file.level
        amend {
            $0.closure = outcome
            $0.resolvedLevel = level
        }
        step(.closed, Closed(outcome: outcome, level: level, by: by, reason: reason), note: reason, by: by)
    }
}
