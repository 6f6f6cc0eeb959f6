public import CityModel
public import Contracts
public import Foundation

/// How the board changes with what it hears: intake's report makes or completes a case's row, each of
/// dispatch's steps moves it and adds a line to its timeline. Pure: the caller loads the row and records
/// the change.
public enum CaseBoard {
    /// A case's row after an event, and the timeline line the event adds.
    public struct Change: Sendable, Equatable {
        public var row: BoardCase
        public var step: BoardStep
    }

    /// Intake's report: the case's row (completing one a step made first, whose status and rung stay). `given`: who
    /// already holds a task on it, for a row made now (dispatch's tasks can come before either).
    public static func reported(_ report: CaseReported, onto current: BoardCase?, given: [String] = [], at time: Date) -> Change {
        let location = GridLocation(street: report.street, community: report.community, grid: report.grid)
        var row = current ?? BoardCase(
            caseID: report.caseID, category: report.category, categoryName: report.categoryName, location: location, description: report.description,
            priority: report.priority, level: report.level, status: .received, light: .green, holders: given, reportedAt: time, updatedAt: time,
            reportHeard: true)
        (row.categoryName, row.description, row.priority, row.reportedAt, row.reportHeard, row.device) =
            (report.categoryName, report.description, report.priority, min(row.reportedAt, time), true, report.device)
        let step = BoardStep(caseID: report.caseID, action: "reported", status: .received, by: report.reporter ?? report.device,
                             note: report.address, at: time)
        return Change(row: row, step: step)
    }

    /// One of dispatch's steps: the status it states, the rung it moved to, the worst light, a new holder (`given`: as above).
    public static func stepped(_ facts: StepFacts, onto current: BoardCase?, given: [String] = [], city: City, at time: Date) -> Change {
        var row = current ?? BoardCase(
            caseID: facts.caseID, category: facts.category, categoryName: city.category(facts.category)?.name ?? facts.category, location: facts.location,
            description: "", priority: city.category(facts.category)?.priority ?? .normal, level: facts.level ?? .grid, status: facts.status,
            light: .green, holders: given, reportedAt: time, updatedAt: time, reportHeard: false)
        row.status = facts.status
        row.updatedAt = max(row.updatedAt, time)
        if let level = facts.level { row.level = level }
        if let light = facts.light { row.light = max(row.light, light) }
        if let holder = facts.holder, !row.holders.contains(holder) { row.holders.append(holder) }
        let step = BoardStep(caseID: facts.caseID, action: facts.action, status: facts.status, by: facts.by, note: facts.note, at: time)
        return Change(row: row, step: step)
    }

    /// A task given to `holder` (a department summoned, a rung's holder): the case's row with them among its holders, or
    /// nil when they already are — so a department sees the case it was given a task on.
    public static func given(to holder: String, onto row: BoardCase) -> BoardCase? {
        guard !row.holders.contains(holder) else { return nil }
        var next = row
        next.holders.append(holder)
        return next
    }
}
