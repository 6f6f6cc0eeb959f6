public import Envelope

/// A department's part in a case: the lead (主办) answers for it, assistants (协办) help.
public enum TaskRole: String, ContractEnum {
    case lead, assist
}

/// Where a department task stands: dispatched → acknowledged (报到) → in progress → completed, or
/// returned as misrouted.
public enum TaskState: String, ContractEnum {
    case dispatched, acknowledged, inProgress = "in-progress", completed, returned
}

/// What a department may ask of its task.
public enum TaskAction: String, ContractEnum {
    case acknowledge, progress, complete, `return`
}

/// Where a case stands, as residents and departments see it (dispatch owns every one of these).
public enum CaseStatus: String, ContractEnum {
    case received, dispatched, acknowledged, inProgress = "in-progress", completed, returned, unrouted
    case referredToMediation = "referred-to-mediation", mediating, mediated, mediationFailed = "mediation-failed"
}
