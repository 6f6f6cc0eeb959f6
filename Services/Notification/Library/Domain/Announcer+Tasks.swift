public import Contracts
import CityModel
import Foundation
import Timekeeping

/// What a task's holder hears, on the city's clock: a new task (主办 or 协办, with its deadlines), 催办 before a stage's
/// time runs out, the stage overdue, a supervision order (督办) to answer, the task taken away, a returned task sent back,
/// rework (返工); a mediator a new dispute and its reminders. Each to the holder's id, about the case.
extension Announcer {
    public func notice(for task: TaskAssigned) -> Notice? {
        let calendar = city.calendar
        let (acknowledgeBy, handleBy) = (task.acknowledgeBy.map(calendar.localTime), calendar.localTime(task.handleBy))
        let place = place(task.report.address, task.report.location)
        return notice(.taskAssigned, to: task.holder, task.report.caseID) { words in [
            "task": task.task, "categoryName": categoryName(task.report.category, task.report.categoryName, words), "place": place,
            "role": task.role == .lead ? words.lead : words.assist, "deadlines": words.deadlines(acknowledgeBy, handleBy),
        ] }
    }

    public func notice(for notice: TaskReminded) -> Notice? {
        let due = city.calendar.localTime(notice.dueAt)
        return self.notice(.taskReminded, to: notice.holder, notice.caseID) { ["task": notice.task, "stage": $0.stages[notice.stage] ?? "", "due": due] }
    }

    public func notice(for notice: TaskOverdue) -> Notice? {
        let due = city.calendar.localTime(notice.dueAt)
        return self.notice(.taskOverdue, to: notice.holder, notice.caseID) { ["task": notice.task, "stage": $0.stages[notice.stage] ?? "", "due": due] }
    }

    public func notice(for notice: TaskSupervisionOrdered) -> Notice? {
        self.notice(.supervisionOrdered, to: notice.holder, notice.caseID,
                     ["task": notice.task, "order": notice.order, "opinion": notice.opinion, "due": city.calendar.localTime(notice.answerBy)])
    }

    public func notice(for notice: TaskWithdrawn) -> Notice? {
        self.notice(.taskWithdrawn, to: notice.holder, notice.caseID, ["task": notice.task, "reason": notice.reason])
    }

    public func notice(for notice: TaskSentBack) -> Notice? {
        self.notice(.taskSentBack, to: notice.holder, notice.caseID,
                     ["task": notice.task, "opinion": notice.opinion, "due": city.calendar.localTime(notice.acknowledgeBy)])
    }

    public func notice(for notice: TaskReopened) -> Notice? {
        self.notice(.taskReopened, to: notice.holder, notice.caseID,
                     ["task": notice.task, "round": String(notice.round), "due": city.calendar.localTime(notice.handleBy)])
    }

    public func notice(for dispute: MediationAssigned) -> Notice? {
        let place = place(nil, dispute.location)
        return notice(.disputeAssigned, to: dispute.mediator.id, dispute.caseID) { ["categoryName": categoryName(dispute.category, nil, $0), "place": place] }
    }

    public func notice(for reminder: MediationReminder) -> Notice? {
        let due = city.calendar.localTime(reminder.dueAt)
        return notice(.mediationReminded, to: reminder.mediator.id, reminder.caseID) { words in
            ["what": reminder.kind == .confirmationWindow ? words.confirmationWindow(due) : words.followUpDue(due)]
        }
    }

    /// To the case's supervising office: a task's 催办.
    public func notice(for step: CaseReminded) -> Notice? {
        guard let supervisor = step.supervisor else { return nil }
        return notice(.caseReminded, to: supervisor.id, step.caseID) { supervising(step.task, step.department, step.stage, step.dueAt, step.location, $0) }
    }

    /// To the case's supervising office: a task's time ran out — a rung's task climbs the ladder, a department's is for 督办.
    public func notice(for step: CaseOverdue) -> Notice? {
        guard let supervisor = step.supervisor else { return nil }
        return notice(.caseOverdue, to: supervisor.id, step.caseID) { words in
            supervising(step.task, step.department, step.stage, step.dueAt, step.location, words)
                .merging(["next": HandlingLevel(rawValue: step.department) == nil ? words.mayBeSupervised : words.climbs]) { $1 }
        }
    }

    private func supervising(_ task: String, _ department: String, _ stage: Stage, _ due: Date, _ location: GridLocation, _ words: Phrases) -> [String: String] {
        let holder = HandlingLevel(rawValue: department).flatMap { city.holder(of: $0, at: location)?.name } ?? city.departmentName(department)
        return ["task": task, "holder": holder, "stage": words.stages[stage] ?? "", "due": city.calendar.localTime(due)]
    }

    /// Where a case is, in words: its address, else its grid's name.
    func place(_ address: String?, _ location: GridLocation) -> String {
        if let address, !address.isEmpty { return address }
        let community = city.community(location.community, in: location.street)
        let grid = community?.grids.first { $0.code == location.grid }
        return (community?.name ?? location.community) + (grid?.name ?? location.grid)
    }
}
