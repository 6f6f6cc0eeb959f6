public import Envelope

/// A department acting on its own task, sent to dispatch's command endpoint:
/// `{"command":"c-81","department":"cg","task":"intake-1-7-cg","action":"acknowledge","note":"on our way"}`.
/// `return` needs a `reason` and may `suggest` the department that should have the task.
public struct DepartmentCommand: CommandContract, Equatable {
    public static let commandName = "department-command"
    public static let summary = "A department acts on its own task: acknowledge (报到), progress, complete, or return it as misrouted."

    public var command, department, task: String
    public var action: TaskAction
    /// For the record; `reason` why a task is returned, `suggest` which department should have it.
    public var note, reason, suggest: String?

    public init(command: String, department: String, task: String, action: TaskAction,
                note: String? = nil, reason: String? = nil, suggest: String? = nil) {
        (self.command, self.department, self.task, self.action) = (command, department, task, action)
        (self.note, self.reason, self.suggest) = (note, reason, suggest)
    }
}

/// A mediator acting on a mediation case, sent to mediation's command endpoint:
/// `{"command":"m-3","mediator":"med-g03","mediation":"m-intake-1-5","action":"conclude","outcome":"agreed"}`.
public struct MediatorCommand: CommandContract, Equatable {
    public static let commandName = "mediator-command"
    public static let summary = "A mediator concludes a mediation case: agreed, or failed with a referral (court, arbitration, petition)."

    public var command, mediator, mediation: String
    public var action: MediatorAction
    public var outcome: MediationOutcome?
    public var note: String?
    public var referral: Referral?

    public init(command: String, mediator: String, mediation: String, action: MediatorAction,
                outcome: MediationOutcome? = nil, note: String? = nil, referral: Referral? = nil) {
        (self.command, self.mediator, self.mediation, self.action) = (command, mediator, mediation, action)
        (self.outcome, self.note, self.referral) = (outcome, note, referral)
    }
}
