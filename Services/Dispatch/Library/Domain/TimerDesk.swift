import Contracts
public import Foundation
import CityModel

/// What a timer means when it falls due: 催办 at 80 % of a stage; at its end an overdue step — a rung's own
/// task climbs the ladder, a department's task goes to supervision (督办) by the rung that whistled; an
/// unanswered supervision order goes overdue; an unrated case closes. A timer for a task no longer in that
/// stage (or an order answered, a case rated) means nothing: nil.
public enum TimerDesk {
    public static func fire(_ timer: TimerPlan, file: CaseFile, rules: Governance, now: Date) -> DispatchDecision? {
        var decision = DispatchDecision(file, rules: rules, at: now)
        switch timer.kind {
        case .remind, .overdue:
            guard let id = timer.task, let stage = timer.stage, let task = file.task(id), inStage(task, stage) else { return nil }
            let dueAt = (stage == .acknowledge ? task.acknowledgeBy : nil) ?? task.handleBy
            let supervisor = supervisor(of: task, in: file, rules: rules)
            if timer.kind == .remind {
                decision.step(file.status, Reminded(task: id, department: task.department, stage: stage, dueAt: dueAt, supervisor: supervisor),
                              department: task.department, task: id, by: "dispatch")
                decision.notify(task, TaskReminder(stage: stage, dueAt: dueAt))
                return decision
            }
            decision.update(task: id) { $0.overdue += 1 }
            decision.step(file.status, WentOverdue(task: id, department: task.department, stage: stage, dueAt: dueAt, supervisor: supervisor),
                          department: task.department, task: id, by: "dispatch")
            decision.notify(task, TaskLateness(stage: stage, dueAt: dueAt))
            if task.kind == .department {
                let opinion = stage == .acknowledge ? "overdue: report for duty (报到) now" : "overdue: finish the task now"
                decision.supervise(task, opinion: opinion, within: nil, by: supervisor?.id ?? "dispatch")
            } else {
                try? decision.climb(reason: "time ran out at the \(task.level.rawValue) rung", by: "dispatch")
            }
        case .supervision:
            guard let id = timer.order, let order = file.orders.first(where: { $0.order == id }), order.answeredAt == nil, !order.overdue else { return nil }
            decision.update(order: id) { $0.overdue = true }
            decision.step(file.status, SupervisionOverdue(order: id, task: order.task, department: order.department, answerBy: order.answerBy),
                          department: order.department, task: order.task, by: "dispatch")
        case .rating:
            guard [.resolved, .verified].contains(file.status), file.rating?.round != file.round else { return nil }
            decision.close(.unrated, by: "dispatch", reason: "no rating within \(rules.city.limits.rating)")
        }
        return decision
    }

    /// Whether a task is still in a stage: a department not yet reported for duty; anyone not yet done.
    static func inStage(_ task: CaseTask, _ stage: Stage) -> Bool {
        stage == .acknowledge ? task.kind == .department && task.state == .dispatched : task.isOpen
    }

    /// Who watches a task: the office of the rung above a rung's own task; the office of the rung that
    /// whistled for a department's.
    static func supervisor(of task: CaseTask, in file: CaseFile, rules: Governance) -> PersonRef? {
        let person = task.kind == .department
            ? rules.city.holder(of: file.whistledLevel ?? task.level, at: file.location)
            : rules.city.supervisor(of: task.level, at: file.location)
        return person.map { PersonRef(id: $0.id, name: $0.name) }
    }
}
