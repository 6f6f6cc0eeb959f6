public import Envelope

/// Every topic family of the suite and how topics are built from them. The family comes first and the
/// area last, so a prefix selects a kind of event and a part of the city at once:
///
///     case.reported.<street>.<community>.<grid>    case.reported.s01.c02.g05
///     task.<holder>.<street>.<community>.<grid>     task.cg.s01.c02.g05, task.gw-g05.s01.c02.g05
///     status.case.<street>.<community>.<grid>       status.case.s01.c02.g05
///     mediation.<event>.<street>.<community>.<grid> mediation.opened.s01.c01.g03
///     deliberation.<event>.<street>.<community>     deliberation.decided.s01.c01
///     device.cleared.<street>.<community>.<grid>    device.cleared.s01.c02.g05
///     case.followed.<street>.<community>.<grid>     case.followed.s01.c02.g05
public enum Topics {
    public static let caseReported = "case.reported."
    public static let tasks = "task."
    public static let caseStatus = "status.case."
    public static let mediation = "mediation."
    public static let mediationOpened = "mediation.opened."
    public static let mediationConcluded = "mediation.concluded."
    public static let mediationEscalated = "mediation.escalated."
    public static let mediationProgressed = "mediation.progressed."
    public static let deliberation = "deliberation."
    public static let deliberationOpened = "deliberation.opened."
    public static let deliberationDecided = "deliberation.decided."
    public static let deliberationProgressed = "deliberation.progressed."
    public static let deviceCleared = "device.cleared."
    public static let caseFollowed = "case.followed."

    /// Everything one holder is told — a department's `task.cg.`, a grid worker's `task.gw-g01.`, an office's
    /// `task.co-c01.`, a mediator's `task.med-g03.`: the holder's identity is a whole segment, so one
    /// holder's prefix never matches another's (`task.gw-g01.` is not a prefix of `task.gw-g010.…`).
    public static func tasks(of holder: String) -> String { tasks + holder + "." }

    /// The topic of something held by `holder` (a department code, or the id of the grid worker, office or
    /// mediator who holds it) for a case at `location`: `task.cg.s01.c01.g03`, `task.gw-g03.s01.c01.g03`,
    /// `task.co-c01.s01.c01.g03`. The case's whole area follows, so a holder can narrow by place as well.
    public static func task(of holder: String, at location: GridLocation) -> Topic {
        Topic(segments: [String(tasks.dropLast()), holder, location.street, location.community, location.grid])
    }

    /// The cases of one street (a dispatch partition): `case.reported.s01.`.
    public static func casesReported(inStreet street: String) -> String { caseReported + street + "." }

    /// `family` followed by the area's segments.
    public static func topic(_ family: String, _ area: Area) -> Topic {
        Topic(segments: [String(family.dropLast())] + area.segments)
    }
}
