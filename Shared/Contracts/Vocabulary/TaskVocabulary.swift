public import Envelope

/// A department's part in a case: the lead (主办) answers for it, assistants (协办) help.
public enum TaskRole: String, ContractEnum {
    case lead, assist
}

/// Where a task stands: dispatched → acknowledged (报到) → in progress → completed; returned as misrouted
/// (a department's); withdrawn when the case moved on without it (escalated, reassigned, closed).
public enum TaskState: String, ContractEnum {
    case dispatched, acknowledged, inProgress = "in-progress", completed, returned, withdrawn
}

/// Who holds a task: a department summoned by the whistle, or the holder of a rung below the whistle
/// working the case there — the grid's worker, the community office, the street office (in a city whose
/// departments are summoned above the street), the district's command centre.
public enum TaskKind: String, ContractEnum {
    case department, grid, community, street, district

    /// The kind of a rung's own task.
    public init(rung level: HandlingLevel) {
        switch level {
        case .grid: self = .grid
        case .community: self = .community
        case .street: self = .street
        case .district: self = .district
        }
    }
}

/// What a department may ask of its task (`answer` replies to a supervision order 督办 on it).
public enum TaskAction: String, ContractEnum {
    case acknowledge, progress, complete, `return`, answer
}

/// The stages a task is timed in: reporting for duty (departments only), and handling.
public enum Stage: String, ContractEnum {
    case acknowledge, handle
}

/// How much of its time limit a task, an order or a case has used: green below 80 %, yellow from 80 %,
/// red when overdue.
public enum TrafficLight: String, ContractEnum, Comparable {
    case green, yellow, red

    public static func < (lhs: TrafficLight, rhs: TrafficLight) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The light for a share of the limit used (1 = the deadline).
    public init(used fraction: Double) {
        self = fraction >= 1 ? .red : fraction >= 0.8 ? .yellow : .green
    }
}

/// Where a case stands, as residents and departments see it (dispatch owns every one of these).
public enum CaseStatus: String, ContractEnum {
    case received, assigned, dispatched, acknowledged, inProgress = "in-progress", completed, returned, unrouted
    /// Settled at the grid or community by their own hands, or verified (核查) after the whistle: the reporter may rate it.
    case resolved, verified
    /// Rated "unsatisfied" or "not solved": back to the lead for rework (返工).
    case reopened
    case closed
    case referredToMediation = "referred-to-mediation", mediating, mediated, mediationFailed = "mediation-failed"
}
