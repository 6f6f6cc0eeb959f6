/// The evaluation of a city whose dispatch is split by street: each instance counts its own streets' cases,
/// and their reports add up — every count summed, each percentage worked out again from the summed counts,
/// the average handling time weighted by the tasks it averages (`handled`).
extension StatsReport {
    /// The reports of disjoint partitions for the same period and grouping, as one: a department's rows from
    /// several instances become one row; area rows (disjoint by street) are kept; rows in key order, as each
    /// instance orders them. Nil for no reports.
    public static func adding(_ reports: [StatsReport]) -> StatsReport? {
        guard var sum = reports.first else { return nil }
        for report in reports.dropFirst() {
            var rows = Dictionary(sum.rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            for row in report.rows { rows[row.key] = rows[row.key].map { $0.adding(row) } ?? row }
            sum.rows = rows.keys.sorted().map { rows[$0]! }
            sum.total = sum.total.adding(report.total)
        }
        return sum
    }
}

extension StatsRow {
    /// This row and another for the same key, counted together.
    public func adding(_ other: StatsRow) -> StatsRow {
        let handled = self.handled + other.handled
        let hours = [self, other].reduce(0.0) { $0 + ($1.averageHandlingWorkingHours ?? 0) * Double($1.handled) }
        return StatsRow(
            key: key, name: name, cases: Self.sum(cases, other.cases), tasks: tasks + other.tasks,
            acknowledgedOnTime: acknowledgedOnTime + other.acknowledgedOnTime, acknowledgedLate: acknowledgedLate + other.acknowledgedLate,
            completedOnTime: completedOnTime + other.completedOnTime, completedLate: completedLate + other.completedLate,
            overdue: overdue + other.overdue, returns: returns + other.returns, rework: rework + other.rework,
            supervisionOrders: supervisionOrders + other.supervisionOrders, supervisionOverdue: supervisionOverdue + other.supervisionOverdue,
            rated: rated + other.rated, satisfied: satisfied + other.satisfied, handled: handled,
            averageHandlingWorkingHours: handled == 0 ? nil : ((hours / Double(handled)) * 100).rounded() / 100,
            settledByLevel: settledByLevel.map { mine in mine.merging(other.settledByLevel ?? [:], uniquingKeysWith: +) } ?? other.settledByLevel,
            unfixable: Self.sum(unfixable, other.unfixable), invalid: Self.sum(invalid, other.invalid))
    }

    private static func sum(_ a: Int?, _ b: Int?) -> Int? { a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0) }
}
