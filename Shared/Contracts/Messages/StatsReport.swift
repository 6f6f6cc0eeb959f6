public import Envelope
public import Foundation

/// The community's evaluation (考评): per department, or per grid, community or street, of the cases
/// reported in a period — what `GET /stats?from=…&to=…&by=…` on dispatch's HTTP address and `whistle stats`
/// return.
public struct StatsReport: MessageContract, Equatable {
    public static let messageName = "stats-report"
    public static let summary = "Evaluation per department or area over a period: on-time rates, overdue, returns, rework, supervision, satisfaction, the 721 shares."

    public var from, to: Date
    public var by: StatsGrouping
    public var rows: [StatsRow]
    /// Every row summed (key `all`), with every case of the period — also when grouped by department — and
    /// every settled one by the rung that settled it: the 721 / 4321 distribution.
    public var total: StatsRow

    public init(from: Date, to: Date, by: StatsGrouping, rows: [StatsRow], total: StatsRow) {
        (self.from, self.to, self.by, self.rows, self.total) = (from, to, by, rows, total)
    }
}

public enum StatsGrouping: String, ContractEnum {
    case department, grid, community, street
}

/// One department's or one area's record. Percentages are of the tasks that could be on time (a task
/// still inside its time counts for neither side); nil when there is nothing to count.
public struct StatsRow: Codable, Sendable, Equatable {
    public var key, name: String
    /// Cases reported in the area (areas and the total; absent on a department's row), and tasks held
    /// (departments' tasks, and the rung holders' own — a grid worker's patrol report settled on the spot
    /// is one task, completed at once).
    public var cases: Int?
    public var tasks: Int
    public var acknowledgedOnTime, acknowledgedLate, completedOnTime, completedLate, overdue, returns, rework: Int
    /// Supervision orders (督办) on the tasks, and how many of them went unanswered past their deadline.
    public var supervisionOrders, supervisionOverdue: Int
    public var acknowledgedOnTimePercent, completedOnTimePercent: Double?
    /// Ratings of the cases the department led (or of the area's cases), and how many were satisfied or basically satisfied.
    public var rated, satisfied: Int
    public var satisfactionPercent: Double?
    /// From dispatch to completion, in working hours on the city's calendar, over the `handled` (completed) tasks.
    public var averageHandlingWorkingHours: Double?
    public var handled: Int
    /// The area's settled cases — resolved by a rung's holder, or verified by the rung that whistled — by
    /// the rung that settled them (areas and the total only), and each rung's share of them in percent.
    /// Cases closed unfixable (挂账) or invalid (作废) settled nothing: they are counted apart.
    public var settledByLevel: [String: Int]?
    public var settledPercent: [String: Double]?
    /// The area's cases closed unfixable (挂账) and invalid (作废) (areas and the total only).
    public var unfixable, invalid: Int?

    public init(key: String, name: String, cases: Int?, tasks: Int, acknowledgedOnTime: Int, acknowledgedLate: Int, completedOnTime: Int,
                completedLate: Int, overdue: Int, returns: Int, rework: Int, supervisionOrders: Int, supervisionOverdue: Int, rated: Int,
                satisfied: Int, handled: Int, averageHandlingWorkingHours: Double?, settledByLevel: [String: Int]?, unfixable: Int? = nil,
                invalid: Int? = nil) {
        (self.key, self.name, self.cases, self.tasks) = (key, name, cases, tasks)
        (self.acknowledgedOnTime, self.acknowledgedLate, self.completedOnTime, self.completedLate) = (acknowledgedOnTime, acknowledgedLate, completedOnTime, completedLate)
        (self.overdue, self.returns, self.rework, self.supervisionOrders, self.supervisionOverdue) = (overdue, returns, rework, supervisionOrders, supervisionOverdue)
        (self.rated, self.satisfied) = (rated, satisfied)
        (self.handled, self.averageHandlingWorkingHours, self.settledByLevel) = (handled, averageHandlingWorkingHours, settledByLevel)
        (self.unfixable, self.invalid) = (unfixable, invalid)
        acknowledgedOnTimePercent = Percent.of(acknowledgedOnTime, acknowledgedOnTime + acknowledgedLate)
        completedOnTimePercent = Percent.of(completedOnTime, completedOnTime + completedLate)
        satisfactionPercent = Percent.of(satisfied, rated)
        let settled = settledByLevel?.values.reduce(0, +) ?? 0
        settledPercent = settledByLevel?.compactMapValues { Percent.of($0, settled) }
    }
}
