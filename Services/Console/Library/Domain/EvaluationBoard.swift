public import Contracts

/// The evaluation (考评) as the console shows it: the period's rows as dispatch counted them, each with its
/// trend over the weeks before, and the 721 / 4321 distribution week by week beside the ladder's target.
/// The counting is dispatch's (`GET /stats`); this only arranges its reports.
public struct EvaluationBoard: Sendable {
    /// A row of the period with its weekly trend: on-time completion and satisfaction, nil in a week with nothing to count.
    public struct Row: Sendable, Equatable {
        public var figures: StatsRow
        public var onTimeTrend: [Double?]
        public var satisfactionTrend: [Double?]
    }

    /// One week's settled cases and each rung's share of them, rungs in the ladder's order.
    public struct WeekShares: Sendable, Equatable {
        public var week: ReportWeek
        public var settled: Int
        public var shares: [(level: HandlingLevel, percent: Double)]

        public static func == (a: Self, b: Self) -> Bool {
            a.week == b.week && a.settled == b.settled && a.shares.map(\.level) == b.shares.map(\.level) && a.shares.map(\.percent) == b.shares.map(\.percent)
        }
    }

    public var rows: [Row]
    public var total: Row
    public var weeks: [ReportWeek]
    public var distribution: [WeekShares]
    /// The shares the ladder aims at: 70/20/10 on a three-rung ladder ("721"), 40/30/20/10 on four ("4321").
    public var target: [(level: HandlingLevel, percent: Double)]

    public init(period: StatsReport, weekly: [(week: ReportWeek, report: StatsReport)], ladder: [HandlingLevel]) {
        func trend(_ key: String, _ figure: (StatsRow) -> Double?) -> [Double?] {
            weekly.map { entry in (key == "all" ? entry.report.total : entry.report.rows.first { $0.key == key }).flatMap(figure) }
        }
        func row(_ figures: StatsRow) -> Row {
            Row(figures: figures, onTimeTrend: trend(figures.key, \.completedOnTimePercent), satisfactionTrend: trend(figures.key, \.satisfactionPercent))
        }
        rows = period.rows.map(row)
        total = row(period.total)
        weeks = weekly.map(\.week)
        distribution = weekly.map { entry in
            let settled = entry.report.total.settledByLevel ?? [:]
            let shares = entry.report.total.settledPercent ?? [:]
            return WeekShares(week: entry.week, settled: settled.values.reduce(0, +), shares: ladder.map { ($0, shares[$0.rawValue] ?? 0) })
        }
        let aims: [Double] = switch ladder.count {
        case 3: [70, 20, 10]
        case 4: [40, 30, 20, 10]
        default: []
        }
        target = zip(ladder, aims).map { ($0, $1) }
    }
}

/// A trend drawn small: the points of a line through the values (0–100) across `width` × `height`, a week without
/// a value leaving a gap between the lines either side.
public struct Sparkline: Sendable, Equatable {
    /// Each unbroken run of values as SVG `points` (`x,y x,y …`), y growing downwards.
    public var lines: [String]
    /// Every value's point, for a dot where a run is a single week.
    public var dots: [(x: Double, y: Double)]

    public init(_ values: [Double?], width: Double, height: Double) {
        let step = values.count > 1 ? width / Double(values.count - 1) : 0
        var (lines, dots, run): ([String], [(x: Double, y: Double)], [String]) = ([], [], [])
        for (index, value) in values.enumerated() {
            guard let value else {
                if !run.isEmpty { lines.append(run.joined(separator: " ")) }
                run = []
                continue
            }
            let point = (x: Double(index) * step, y: height - min(max(value, 0), 100) / 100 * height)
            dots.append(point)
            run.append(CityMap.tenths(point.x) + "," + CityMap.tenths(point.y))
        }
        if !run.isEmpty { lines.append(run.joined(separator: " ")) }
        (self.lines, self.dots) = (lines, dots)
    }

    public static func == (a: Self, b: Self) -> Bool { a.lines == b.lines && a.dots.map(\.x) == b.dots.map(\.x) && a.dots.map(\.y) == b.dots.map(\.y) }
}
