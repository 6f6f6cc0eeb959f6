public import Contracts
public import Foundation

/// A task open with its holder, as a digest lists it: which case, what and where, how much of its time is used.
public struct OpenItem: Sendable, Equatable {
    public var task, caseID, holder: String
    /// The case's category and place, in words.
    public var what: String
    public var light: TrafficLight
    /// The stage running (报到 or 办结) and its deadline.
    public var stage: Stage
    public var dueAt: Date
    /// The handling deadline, for when the acknowledgement is done.
    public var handleBy: Date

    public init(task: String, caseID: String, holder: String, what: String, light: TrafficLight, stage: Stage, dueAt: Date, handleBy: Date) {
        (self.task, self.caseID, self.holder, self.what, self.light) = (task, caseID, holder, what, light)
        (self.stage, self.dueAt, self.handleBy) = (stage, dueAt, handleBy)
    }
}

/// What an event changes in the holders' open items: a task opened (again), its light or stage moved, a task or a whole
/// case ended. Notification keeps these for the digests; dispatch owns the tasks.
public enum OpenItemChange: Sendable, Equatable {
    case open(OpenItem)
    /// The task's stage and light now — open again if it was closed (sent back after a return, reworked after completion);
    /// a task never seen stays unknown.
    case stage(task: String, Stage, TrafficLight, dueAt: Date)
    /// The department reported for duty: the handling stage runs, green, to the task's handling deadline.
    case reportedForDuty(task: String)
    /// The task is not open now: done, returned, withdrawn (kept, as it may come back, until its case closes).
    case close(task: String)
    /// Every task of the case ends with it, for good.
    case closeCase(String)

    public static func of(_ task: TaskAssigned, what: String) -> OpenItemChange {
        .open(OpenItem(task: task.task, caseID: task.report.caseID, holder: task.holder, what: what, light: .green,
                       stage: task.acknowledgeBy == nil ? .handle : .acknowledge, dueAt: task.acknowledgeBy ?? task.handleBy, handleBy: task.handleBy))
    }

    public static func of(_ notice: TaskReminded) -> OpenItemChange { .stage(task: notice.task, notice.stage, .yellow, dueAt: notice.dueAt) }
    public static func of(_ notice: TaskOverdue) -> OpenItemChange { .stage(task: notice.task, notice.stage, .red, dueAt: notice.dueAt) }
    public static func of(_ notice: TaskWithdrawn) -> OpenItemChange { .close(task: notice.task) }
    public static func of(_ notice: TaskSentBack) -> OpenItemChange { .stage(task: notice.task, .acknowledge, .green, dueAt: notice.acknowledgeBy) }

    public static func of(_ notice: TaskReopened) -> OpenItemChange {
        notice.acknowledgeBy.map { .stage(task: notice.task, .acknowledge, .green, dueAt: $0) } ?? .stage(task: notice.task, .handle, .green, dueAt: notice.handleBy)
    }

    /// A department's step: reporting for duty starts the handling stage (its deadline kept from the task); completing or
    /// returning ends the task.
    public static func of(_ step: CaseTaskStepped) -> OpenItemChange? {
        switch step.step {
        case .completed, .returned: .close(task: step.task)
        case .acknowledged: .reportedForDuty(task: step.task)
        default: nil
        }
    }

    public static func of(_ step: CaseResolved) -> OpenItemChange { .close(task: step.task) }
    public static func of(_ step: CaseClosed) -> OpenItemChange { .closeCase(step.caseID) }
}

extension Announcer {
    /// A new task as its holder's digest lists it: the case's category and place.
    public func openItem(for task: TaskAssigned) -> OpenItemChange {
        .of(task, what: task.report.categoryName + "，" + place(task.report.address, task.report.location))
    }
}
