public import Envelope

/// How the reporter judges a resolved case: satisfied, basically satisfied, unsatisfied.
public enum Satisfaction: String, ContractEnum {
    case satisfied, basic, unsatisfied
}

/// Whether the problem is solved, in the reporter's eyes.
public enum Solved: String, ContractEnum {
    case solved, partly, not
}

/// What the level that whistled finds when it checks the work (核查): fixed, unfixable for now (挂账),
/// or invalid (作废).
public enum VerificationOutcome: String, ContractEnum {
    case fixed, unfixable, invalid
}

/// How a case ended.
public enum Closure: String, ContractEnum {
    /// The reporter rated the result.
    case rated
    /// Nobody rated it within the rating window.
    case unrated
    case unfixable, invalid
    /// A dispute whose mediation agreement a follow-up visit found performed.
    case mediated
}

/// What the level above does with a returned task.
public enum TriageDecision: String, ContractEnum {
    /// Give it to the department the returner suggested.
    case accept
    /// Give it to another department.
    case reassign
    /// Send it back to the returner with an opinion: it is theirs.
    case sendBack = "send-back"
}

/// What grid workers and community, street and district staff may do to a case.
public enum StaffAction: String, ContractEnum {
    /// Settle the case at your rung (a grid worker on the spot, the community office itself).
    case resolve
    /// Move the case up a rung, or down one.
    case escalate, deescalate
    /// Blow the whistle: summon the departments the city routes the case to (the community office).
    case whistle
    /// Joint handling (会办): add a department.
    case summon
    /// Move a task to another department.
    case reassign
    /// Decide what happens to a returned task.
    case triage
    /// Order a department to answer for its task (督办).
    case supervise
    /// Check the work (核查): fixed, unfixable, invalid.
    case verify
}
