public import Envelope

/// Every topic family of the suite and how topics are built from them. The family comes first and the
/// area last, so a prefix selects a kind of event and a part of the city at once:
///
///     case.reported.<street>.<community>.<grid>    case.reported.s01.c02.g05
///     task.<department>.<street>.<community>        task.cg.s01.c02
///     status.case.<street>.<community>.<grid>       status.case.s01.c02.g05
///     mediation.<event>.<street>.<community>.<grid> mediation.opened.s01.c01.g03
///     device.cleared.<street>.<community>.<grid>    device.cleared.s01.c02.g05
///     case.followed.<street>.<community>.<grid>     case.followed.s01.c02.g05
public enum Topics {
    public static let caseReported = "case.reported."
    public static let tasks = "task."
    public static let caseStatus = "status.case."
    public static let mediation = "mediation."
    public static let mediationOpened = "mediation.opened."
    public static let mediationConcluded = "mediation.concluded."
    public static let deviceCleared = "device.cleared."
    public static let caseFollowed = "case.followed."

    /// A department's own tasks: `task.cg.`; a grid's worker's: `task.grid.<street>.<community>.<grid>.`.
    public static func tasks(of department: String) -> String { tasks + department + "." }

    /// The topic of a task held by `holder` (a department code, or `grid` / `community`) for a case at
    /// `location`: `task.cg.s01.c01`, `task.grid.s01.c01.g03`, `task.community.s01.c01`.
    public static func task(of holder: String, at location: GridLocation) -> Topic {
        var segments = [String(tasks.dropLast()), holder, location.street, location.community]
        if holder == TaskKind.grid.rawValue { segments.append(location.grid) }
        return Topic(segments: segments)
    }

    /// The cases of one street (a dispatch partition): `case.reported.s01.`.
    public static func casesReported(inStreet street: String) -> String { caseReported + street + "." }

    /// `family` followed by the area's segments.
    public static func topic(_ family: String, _ area: Area) -> Topic {
        Topic(segments: [String(family.dropLast())] + area.segments)
    }
}
