public import Contracts
public import Foundation
import CityModel
public import Timekeeping

/// What grid workers and the community, street and district offices may do to a case, each at its rung:
/// settle it, move it up or down the ladder, blow the whistle, summon or reassign departments, triage a
/// return, supervise (督办), verify (核查). Refusals change nothing.
public enum StaffDesk {
    public static func apply(_ command: StaffCommand, to file: CaseFile?, rules: Governance, now: Date) throws(Refused) -> DispatchDecision {
        guard let staff = rules.city.staff(command.staff) else { throw Refused(.unknownStaff, "no grid worker or office '\(command.staff.prefix(80))'") }
        guard let file else { throw Refused(.unknownCase, "no case '\(command.caseID.prefix(80))'") }
        guard staff.covers(file.location) else {
            throw Refused(.notYourCase, "case \(file.caseID) lies outside \(staff.person.name)'s \(staff.level.rawValue)")
        }
        guard !file.isClosed else { throw Refused(.invalidTransition, "case \(file.caseID) is closed") }
        var decision = DispatchDecision(file, rules: rules, at: now)
        let by = staff.person.id
        switch command.action {
        case .resolve:
            guard staff.level == file.level, let task = file.levelTask else { throw notHere(file, staff, "settle it") }
            decision.settle(task, at: staff.level, by: by, note: command.note)
        case .escalate, .deescalate:
            guard staff.level >= file.level else { throw notHere(file, staff, "move it") }
            guard ![.resolved, .verified, .completed].contains(file.status) else {
                throw Refused(.invalidTransition, "case \(file.caseID) is \(file.status.rawValue): it is not to be moved now")
            }
            let reason = try required(command.reason, "reason")
            if command.action == .escalate { try decision.climb(reason: reason, by: by) } else { try decision.descend(reason: reason, by: by) }
        case .whistle:
            guard staff.level >= .community, staff.level == file.level, file.whistledLevel == nil, let task = file.levelTask else {
                throw notHere(file, staff, "blow the whistle")
            }
            decision.withdraw(task.task, reason: "the \(staff.level.rawValue) office blew the whistle")
            decision.whistle(at: file.level, by: by)
        case .summon, .reassign, .triage, .supervise, .verify:
            guard let whistled = file.whistledLevel else {
                throw Refused(.invalidTransition, "no departments were summoned to case \(file.caseID)")
            }
            guard staff.level >= whistled else {
                throw Refused(.notAtThisLevel, "the departments on case \(file.caseID) answer to the \(whistled.rawValue) rung, not the \(staff.level.rawValue)")
            }
            try oversee(command, &decision, rules: rules, by: by)
        }
        return decision
    }

    /// What the rung that summoned departments does with them.
    static func oversee(_ command: StaffCommand, _ decision: inout DispatchDecision, rules: Governance, by: String) throws(Refused) {
        let file = decision.file
        switch command.action {
        case .summon:
            let department = try known(command.department, rules)
            guard !file.tasks.contains(where: { $0.department == department && $0.isOpen }) else {
                throw Refused(.invalidTransition, "\(department) already has an open task on this case")
            }
            let task = decision.addDepartmentTask(department, role: .assist, level: file.level)
            decision.step(file.status == .completed ? .inProgress : file.status, Summoned(task: task.task, department: department, by: by),
                          department: department, task: task.task, by: by)
        case .reassign:
            let task = try departmentTask(command.task, in: file, open: true)
            let department = try known(command.department, rules)
            guard department != task.department else { throw Refused(.invalidTransition, "the task is \(department)'s already") }
            decision.reassign(task, to: department, reason: command.reason, by: by)
        case .triage:
            let task = try departmentTask(command.task, in: file, open: false)
            guard task.state == .returned else { throw Refused(.invalidTransition, "task \(task.task) was not returned") }
            switch try required(command.decision, "decision") {
            case .accept: decision.reassign(task, to: try known(task.suggested, rules, "the return named no department; reassign instead"), reason: "the returner's suggestion", by: by)
            case .reassign: decision.reassign(task, to: try known(command.department, rules), reason: command.reason, by: by)
            case .sendBack: decision.sendBack(task, opinion: try required(command.opinion, "opinion"), by: by)
            }
        case .supervise:
            let task = try departmentTask(command.task, in: file, open: true)
            guard task.isOpen else { throw Refused(.invalidTransition, "task \(task.task) is \(task.state.rawValue)") }
            var within: TimeLimit?
            if let text = command.within {
                guard let limit = TimeLimit(text: text) else { throw Refused(.malformedCommand, "'within' must be a time limit such as 4wh or 2h") }
                within = limit
            }
            decision.supervise(task, opinion: try required(command.opinion, "opinion"), within: within, by: by)
        case .verify:
            switch try required(command.outcome, "outcome") {
            case .fixed:
                guard file.status == .completed else {
                    throw Refused(.invalidTransition, "case \(file.caseID) is \(file.status.rawValue): its departments have not all completed")
                }
                decision.amend { $0.resolvedLevel = file.level }
                decision.step(.verified, Verified(level: file.level, by: by, note: command.note), note: command.note, by: by)
                decision.openRatingWindow()
            case let outcome:
                decision.close(outcome == .unfixable ? .unfixable : .invalid, by: by, reason: try required(command.reason, "reason"))
            }
        case .resolve, .escalate, .deescalate, .whistle:
            break
        }
    }

    static func notHere(_ file: CaseFile, _ staff: City.Staff, _ what: String) -> Refused {
        Refused(.notAtThisLevel, "case \(file.caseID) is at the \(file.level.rawValue) rung (\(file.status.rawValue)); \(staff.person.name) works the \(staff.level.rawValue) and cannot \(what) now")
    }

    static func required<T>(_ value: T?, _ name: String) throws(Refused) -> T {
        guard let value, (value as? String)?.isEmpty != true else {
            throw Refused(name == "reason" ? .reasonRequired : .missingDetail, "this action needs '\(name)'")
        }
        return value
    }

    static func known(_ department: String?, _ rules: Governance, _ missing: String = "this action needs 'department'") throws(Refused) -> String {
        guard let department, !department.isEmpty else { throw Refused(.missingDetail, missing) }
        guard rules.city.departments.contains(where: { $0.code == department }) else {
            throw Refused(.unknownDepartment, "no department '\(department.prefix(40))'")
        }
        return department
    }

    static func departmentTask(_ id: String?, in file: CaseFile, open: Bool) throws(Refused) -> CaseTask {
        let id = try required(id, "task")
        guard let task = file.task(id), task.kind == .department else { throw Refused(.unknownTask, "no department task '\(id.prefix(80))' on this case") }
        guard !open || task.isOpen || task.state == .returned else { throw Refused(.invalidTransition, "task \(id) is \(task.state.rawValue)") }
        return task
    }
}

extension DispatchDecision {
    /// The task goes to another department, in the same role; the resident hears the new department's name.
    public mutating func reassign(_ task: CaseTask, to department: String, reason: String?, by: String) {
        withdraw(task.task, reason: "reassigned to \(department)")
        let new = addDepartmentTask(department, role: task.role, level: file.level)
        step(task.role == .lead ? .dispatched : file.status,
             Reassigned(task: new.task, department: department, role: task.role, fromTask: task.task, fromDepartment: task.department, by: by,
                        reason: reason), department: department, task: new.task, note: reason, by: by)
    }

    /// A returned task goes back to its department, its stages timed anew.
    public mutating func sendBack(_ task: CaseTask, opinion: String, by: String) {
        let acknowledgeBy = rules.deadline(file.category, at: task.level, .acknowledge, from: now)
        let (handleBy, now) = (rules.deadline(file.category, at: task.level, .handle, from: now), now)
        update(task: task.task) {
            ($0.state, $0.startedAt, $0.acknowledgeBy, $0.handleBy, $0.acknowledgedAt) = (.dispatched, now, acknowledgeBy, handleBy, nil)
        }
        cancel(.task(task.task, nil))
        if let updated = file.task(task.task) { scheduleStages(of: updated) }
        step(task.role == .lead ? .dispatched : file.status, SentBack(task: task.task, department: task.department, opinion: opinion, by: by),
             department: task.department, task: task.task, note: opinion, by: by)
        notify(task, SendingBack(opinion: opinion, acknowledgeBy: acknowledgeBy))
    }

    /// 督办: an order on a department's task, to be answered within the city's supervision limit (or `within`).
    public mutating func supervise(_ task: CaseTask, opinion: String, within: TimeLimit?, by: String) {
        let answerBy = rules.calendar.deadline(from: now, adding: within ?? rules.city.limits.supervision)
        let order = Supervision(order: "\(task.task)-o\(file.orders.count + 1)", task: task.task, department: task.department, opinion: opinion,
                                by: by, answerBy: answerBy, createdAt: now)
        add(order)
        schedule([TimerPlan(kind: .supervision, order: order.order, dueAt: answerBy)])
        step(file.status, Supervised(order: order.order, task: task.task, department: task.department, opinion: opinion, answerBy: answerBy, by: by),
             department: task.department, task: task.task, note: opinion, by: by)
        notify(task, SupervisionOrder(order: order.order, opinion: opinion, answerBy: answerBy, by: by))
    }
}
