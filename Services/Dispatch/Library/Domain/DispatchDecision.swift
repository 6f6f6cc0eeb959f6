public import Contracts
public import Envelope
public import Foundation

/// What one decision does to a case: the case file after it, the history steps it adds, and the events it
/// emits — the store records all three in one transaction. Every step publishes `whistle.case.<action>` on
/// the case's status topic under the id `<case>-s<step>`.
public struct DispatchDecision: Sendable {
    public private(set) var file: CaseFile
    public private(set) var history: [HistoryEntry] = []
    public private(set) var emissions: [Emission] = []
    /// When the decision was made (the injected clock's time).
    public let now: Date

    public init(_ file: CaseFile, at now: Date) {
        self.file = file
        self.now = now
    }

    /// Records a step, moves the case to `status`, and publishes the step.
    public mutating func step<Detail: CaseStepDetail>(
        _ status: CaseStatus, _ detail: Detail, department: String? = nil, task: String? = nil, note: String? = nil
    ) {
        file.status = status
        file.updatedAt = now
        file.steps += 1
        history.append(HistoryEntry(step: file.steps, action: detail.action, department: department, task: task, note: note, at: now))
        let event = CaseStep(caseID: file.caseID, status: status, category: file.category, location: file.location,
                             reporter: file.reporter, detail: detail)
        emissions.append(Emission(id: "\(file.caseID)-s\(file.steps)", event: event))
    }

    /// Adds a task to the case and publishes it on its department's topic.
    public mutating func assign(_ task: CaseTask, report: CaseReported) {
        file.tasks.append(task)
        let event = TaskAssigned(report: report, task: task.task, department: task.department, role: task.role,
                                 acknowledgeBy: task.acknowledgeBy)
        emissions.append(Emission(id: "\(task.task)-assigned", event: event))
    }

    /// Moves a task to a new state.
    public mutating func move(task id: String, to state: TaskState) {
        guard let index = file.tasks.firstIndex(where: { $0.task == id }) else { return }
        file.tasks[index].state = state
        file.tasks[index].updatedAt = now
    }
}
