public import Contracts
import CityModel
import Foundation
import Mustache
import Timekeeping

/// What a task's holder hears, on the city's clock: a new task (主办 or 协办, with its deadlines), 催办 before a stage's
/// time runs out, the stage overdue, a supervision order (督办) to answer, the task taken away, a returned task sent back,
/// rework (返工); a mediator a new dispute and its reminders. Each to the holder's id, about the case.
extension Announcer {
    static let taskTemplates: [NotificationKind: String] = [
        .taskAssigned: "新任务 {{task}}（案件 {{case}}）：{{categoryName}}，{{place}}。{{role}}，{{deadlines}}。",
        .taskReminded: "催办：任务 {{task}}（案件 {{case}}）{{stage}}将于 {{due}} 到期。",
        .taskOverdue: "任务 {{task}}（案件 {{case}}）{{stage}}已于 {{due}} 超时。",
        .supervisionOrdered: "督办：任务 {{task}}（案件 {{case}}）收到督办单 {{order}}：{{opinion}}。请于 {{due}} 前答复。",
        .taskWithdrawn: "任务 {{task}}（案件 {{case}}）已不再由您办理：{{reason}}。",
        .taskSentBack: "退回的任务 {{task}}（案件 {{case}}）经分拨仍交您办理：{{opinion}}。请于 {{due}} 前报到。",
        .taskReopened: "返工：案件 {{case}} 的报告人不满意，任务 {{task}} 重新打开（第 {{round}} 轮），请于 {{due}} 前办结。",
        .disputeAssigned: "新的纠纷 {{case}}（{{categoryName}}）交您调解，{{place}}。",
        .mediationReminded: "纠纷 {{case}}：{{what}}。",
        .caseReminded: "催办提醒：您督办的案件 {{case}}，{{holder}}的任务 {{task}}{{stage}}将于 {{due}} 到期。",
        .caseOverdue: "超时：您督办的案件 {{case}}，{{holder}}的任务 {{task}}{{stage}}已于 {{due}} 超时，{{next}}。",
    ]
    static let stages: [Stage: String] = [.acknowledge: "报到", .handle: "办结"]

    public func notice(for task: TaskAssigned) -> Notice? {
        let calendar = city.calendar
        let deadlines = task.acknowledgeBy.map { "请于 \(calendar.localTime($0)) 前报到、\(calendar.localTime(task.handleBy)) 前办结" }
            ?? "请于 \(calendar.localTime(task.handleBy)) 前处理"
        return holderNotice(.taskAssigned, to: task.holder, task.report.caseID, [
            "task": task.task, "categoryName": task.report.categoryName, "place": place(task.report.address, task.report.location),
            "role": task.role == .lead ? "主办" : "协办", "deadlines": deadlines,
        ])
    }

    public func notice(for notice: TaskReminded) -> Notice? {
        holderNotice(.taskReminded, to: notice.holder, notice.caseID, ["task": notice.task, "stage": Self.stages[notice.stage] ?? "", "due": city.calendar.localTime(notice.dueAt)])
    }

    public func notice(for notice: TaskOverdue) -> Notice? {
        holderNotice(.taskOverdue, to: notice.holder, notice.caseID, ["task": notice.task, "stage": Self.stages[notice.stage] ?? "", "due": city.calendar.localTime(notice.dueAt)])
    }

    public func notice(for notice: TaskSupervisionOrdered) -> Notice? {
        holderNotice(.supervisionOrdered, to: notice.holder, notice.caseID,
                     ["task": notice.task, "order": notice.order, "opinion": notice.opinion, "due": city.calendar.localTime(notice.answerBy)])
    }

    public func notice(for notice: TaskWithdrawn) -> Notice? {
        holderNotice(.taskWithdrawn, to: notice.holder, notice.caseID, ["task": notice.task, "reason": notice.reason])
    }

    public func notice(for notice: TaskSentBack) -> Notice? {
        holderNotice(.taskSentBack, to: notice.holder, notice.caseID,
                     ["task": notice.task, "opinion": notice.opinion, "due": city.calendar.localTime(notice.acknowledgeBy)])
    }

    public func notice(for notice: TaskReopened) -> Notice? {
        holderNotice(.taskReopened, to: notice.holder, notice.caseID,
                     ["task": notice.task, "round": String(notice.round), "due": city.calendar.localTime(notice.handleBy)])
    }

    public func notice(for dispute: MediationAssigned) -> Notice? {
        let name = city.category(dispute.category)?.name ?? dispute.category
        return holderNotice(.disputeAssigned, to: dispute.mediator.id, dispute.caseID, ["categoryName": name, "place": place(nil, dispute.location)])
    }

    public func notice(for reminder: MediationReminder) -> Notice? {
        let what = reminder.kind == .confirmationWindow
            ? "调解协议申请司法确认的期限将于 \(city.calendar.localTime(reminder.dueAt)) 届满，请提醒当事人"
            : "回访已到期（\(city.calendar.localTime(reminder.dueAt))），请回访当事人，记录协议履行情况"
        return holderNotice(.mediationReminded, to: reminder.mediator.id, reminder.caseID, ["what": what])
    }

    /// To the case's supervising office: a task's 催办.
    public func notice(for step: CaseReminded) -> Notice? {
        guard let supervisor = step.supervisor else { return nil }
        return holderNotice(.caseReminded, to: supervisor.id, step.caseID, supervising(step.task, step.department, step.stage, step.dueAt, step.location))
    }

    /// To the case's supervising office: a task's time ran out — a rung's task climbs the ladder, a department's is for 督办.
    public func notice(for step: CaseOverdue) -> Notice? {
        guard let supervisor = step.supervisor else { return nil }
        var context = supervising(step.task, step.department, step.stage, step.dueAt, step.location)
        context["next"] = HandlingLevel(rawValue: step.department) == nil ? "可以督办" : "案件将自动上报上一级"
        return holderNotice(.caseOverdue, to: supervisor.id, step.caseID, context)
    }

    private func supervising(_ task: String, _ department: String, _ stage: Stage, _ due: Date, _ location: GridLocation) -> [String: String] {
        let holder = HandlingLevel(rawValue: department).flatMap { city.holder(of: $0, at: location)?.name } ?? city.departmentName(department)
        return ["task": task, "holder": holder, "stage": Self.stages[stage] ?? "", "due": city.calendar.localTime(due)]
    }

    /// Where a case is, in words: its address, else its grid's name.
    func place(_ address: String?, _ location: GridLocation) -> String {
        if let address, !address.isEmpty { return address }
        let community = city.community(location.community, in: location.street)
        let grid = community?.grids.first { $0.code == location.grid }
        return (community?.name ?? location.community) + (grid?.name ?? location.grid)
    }

    private func holderNotice(_ kind: NotificationKind, to holder: String, _ caseID: String, _ context: [String: String]) -> Notice? {
        guard let template = library[kind] else { return nil }
        return Notice(kind: kind, recipient: holder, subject: .case(caseID), text: template.render(context.merging(["case": caseID]) { $1 }))
    }
}
