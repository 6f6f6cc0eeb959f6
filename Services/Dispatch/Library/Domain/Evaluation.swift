public import Contracts
public import Foundation
import CityModel
import Timekeeping

/// The community's evaluation (考评) of the cases reported in a period, per department or per grid,
/// community or street. A task counts as acknowledged (or completed) on time when that happened by its
/// deadline, and late when it happened after it — or when the deadline came while the task was still
/// the holder's (still open at `now`, or withdrawn or returned only after it). Satisfaction counts every
/// rating round: for a department, of the cases it leads; for an area, of its cases. A case counts in
/// the 721 shares at the rung that settled it (resolved there, or verified there after the departments'
/// work); a case closed unfixable (挂账) or invalid (作废) was not settled and counts in its own column.
public struct Evaluation: Sendable {
    public let rules: Governance
    public let grouping: StatsGrouping
    public let now: Date
    private var tallies: [String: Tally] = [:]
    /// Every case of the period, whatever the grouping: the total row's cases, distribution and closures.
    private var all = Tally()

    public init(rules: Governance, by grouping: StatsGrouping, at now: Date) { (self.rules, self.grouping, self.now) = (rules, grouping, now) }

    /// Counts one case with every rating it received.
    public mutating func add(_ file: CaseFile, ratings: [CaseRating]) {
        all.cases += 1
        all.close(file)
        guard grouping == .department else {
            let key = switch grouping {
            case .grid: file.location.grid
            case .community: file.location.community
            default: file.location.street
            }
            var tally = tallies[key] ?? Tally()
            tally.cases += 1
            for task in file.tasks { count(task, into: &tally) }
            tally.supervisionOrders += file.orders.count
            tally.supervisionOverdue += file.orders.filter(\.overdue).count
            rate(ratings, into: &tally)
            tally.close(file)
            tallies[key] = tally
            return
        }
        for task in file.tasks where task.kind == .department {
            var tally = tallies[task.department] ?? Tally()
            count(task, into: &tally)
            let orders = file.orders.filter { $0.task == task.task }
            tally.supervisionOrders += orders.count
            tally.supervisionOverdue += orders.filter(\.overdue).count
            if file.whistledLevel != nil, file.leadTask?.task == task.task { rate(ratings, into: &tally) }
            tallies[task.department] = tally
        }
    }

    /// The report: one row per department or area that had anything in the period, in code order, and
    /// their total (`all`): the rows' counts summed, with every case of the period — its count, settled
    /// cases by rung, and closures unfixable and invalid — whatever the grouping.
    public func report(from: Date, to: Date) -> StatsReport {
        let rows = tallies.keys.sorted().map { key in
            row(key, grouping == .department ? rules.city.departmentName(key) : rules.city.areaName(key), tallies[key]!, perCase: grouping != .department)
        }
        var total = tallies.values.reduce(into: Tally()) { $0.add($1) }
        (total.cases, total.settledByLevel, total.unfixable, total.invalid) = (all.cases, all.settledByLevel, all.unfixable, all.invalid)
        return StatsReport(from: from, to: to, by: grouping, rows: rows, total: row("all", "合计", total, perCase: true))
    }

    /// A row; `perCase`: it has the case counts (areas and the total; a department row counts tasks only).
    private func row(_ key: String, _ name: String, _ tally: Tally, perCase: Bool) -> StatsRow {
        StatsRow(
            key: key, name: name, cases: perCase ? tally.cases : nil, tasks: tally.tasks,
            acknowledgedOnTime: tally.acknowledged.onTime, acknowledgedLate: tally.acknowledged.late,
            completedOnTime: tally.completed.onTime, completedLate: tally.completed.late, overdue: tally.overdue, returns: tally.returns,
            rework: tally.rework, supervisionOrders: tally.supervisionOrders, supervisionOverdue: tally.supervisionOverdue,
            rated: tally.rated, satisfied: tally.satisfied, handled: tally.handled,
            averageHandlingWorkingHours: tally.handled == 0 ? nil : ((tally.handlingHours / Double(tally.handled)) * 100).rounded() / 100,
            settledByLevel: perCase ? tally.settledByLevel : nil, unfixable: perCase ? tally.unfixable : nil, invalid: perCase ? tally.invalid : nil)
    }

    private func count(_ task: CaseTask, into tally: inout Tally) {
        tally.tasks += 1
        (tally.overdue, tally.returns, tally.rework) = (tally.overdue + task.overdue, tally.returns + task.returns, tally.rework + task.rework)
        if let deadline = task.acknowledgeBy { tally.acknowledged.add(done: task.acknowledgedAt, due: deadline, task: task, now: now) }
        tally.completed.add(done: task.completedAt, due: task.handleBy, task: task, now: now)
        if let completed = task.completedAt {
            tally.handled += 1
            tally.handlingHours += rules.calendar.workingTime(from: task.startedAt, to: completed) / 3600
        }
    }

    private func rate(_ ratings: [CaseRating], into tally: inout Tally) {
        tally.rated += ratings.count
        tally.satisfied += ratings.filter { $0.satisfaction != .unsatisfied }.count
    }
}

/// One row's counts while they are gathered.
private struct Tally {
    var cases = 0, tasks = 0, overdue = 0, returns = 0, rework = 0, supervisionOrders = 0, supervisionOverdue = 0, rated = 0, satisfied = 0
    var acknowledged = Punctuality(), completed = Punctuality()
    var handled = 0
    var handlingHours = 0.0
    var settledByLevel: [String: Int] = [:]
    var unfixable = 0, invalid = 0

    /// How a case ended, if it did: settled at a rung (resolved there, or verified there), or closed
    /// unfixable (挂账) or invalid (作废) — which settled nothing —, or a dispute closed mediated, which mediation
    /// counts by its own tiers.
    mutating func close(_ file: CaseFile) {
        switch file.closure {
        case .unfixable?: unfixable += 1
        case .invalid?: invalid += 1
        case .mediated?: break
        default: if let level = file.resolvedLevel { settledByLevel[level.rawValue, default: 0] += 1 }
        }
    }

    /// Adds another row's counts to these.
    mutating func add(_ other: Tally) {
        (cases, tasks, overdue, returns, rework) = (cases + other.cases, tasks + other.tasks, overdue + other.overdue, returns + other.returns, rework + other.rework)
        (supervisionOrders, supervisionOverdue) = (supervisionOrders + other.supervisionOrders, supervisionOverdue + other.supervisionOverdue)
        (rated, satisfied, handled, handlingHours) = (rated + other.rated, satisfied + other.satisfied, handled + other.handled, handlingHours + other.handlingHours)
        acknowledged.onTime += other.acknowledged.onTime
        acknowledged.late += other.acknowledged.late
        completed.onTime += other.completed.onTime
        completed.late += other.completed.late
    }
}

/// On time or late, for one stage.
private struct Punctuality {
    var onTime = 0, late = 0

    mutating func add(done: Date?, due: Date, task: CaseTask, now: Date) {
        if let done {
            if done <= due { onTime += 1 } else { late += 1 }
        } else if (task.isOpen && now >= due) || (!task.isOpen && task.updatedAt >= due) {
            late += 1
        }
    }
}
