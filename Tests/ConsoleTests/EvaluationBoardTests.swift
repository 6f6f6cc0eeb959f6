import CityModel
import Contracts
import Foundation
import Testing
import Timekeeping
import WhistleConsoleDomain

@Suite("The evaluation page's weeks, trends and 721 shares, arranged from dispatch's reports")
struct EvaluationBoardTests {
    static let beijing = WorkCalendar(utcOffset: 8 * 3600, workingWeekdays: Set(1...5), workingHours: [32_400..<64_800])

    @Test("weeks run Monday to Monday on the city's calendar, the last the week now falls in — by the city's date, not UTC's")
    func weeks() throws {
        // 2026-12-06 23:30 UTC is Monday 2026-12-07 07:30 in Beijing: the week of the 7th, not of November 30th.
        let sundayInUTC = try #require(ISO8601DateFormatter().date(from: "2026-12-06T23:30:00Z"))
        #expect(ReportWeek.last(3, at: sundayInUTC, calendar: Self.beijing) == [
            ReportWeek(from: "2026-11-23", to: "2026-11-30"), ReportWeek(from: "2026-11-30", to: "2026-12-07"),
            ReportWeek(from: "2026-12-07", to: "2026-12-14"),
        ])
        #expect(ReportWeek.last(1, at: sundayInUTC, calendar: .always) == [ReportWeek(from: "2026-11-30", to: "2026-12-07")])
        // Across the year's end, and a Sunday evening belonging to the week that began six days before.
        let newYearsEve = try #require(ISO8601DateFormatter().date(from: "2026-12-31T12:00:00+08:00"))
        #expect(ReportWeek.last(1, at: newYearsEve, calendar: Self.beijing) == [ReportWeek(from: "2026-12-28", to: "2027-01-04")])
        let sundayEvening = try #require(ISO8601DateFormatter().date(from: "2027-01-03T23:59:00+08:00"))
        #expect(ReportWeek.last(1, at: sundayEvening, calendar: Self.beijing) == [ReportWeek(from: "2026-12-28", to: "2027-01-04")])
        #expect(ReportWeek.last(0, at: sundayEvening, calendar: Self.beijing).isEmpty)
    }

    @Test("a sparkline runs through the weeks with values and breaks at a week without one; values are kept within 0–100")
    func sparkline() {
        let line = Sparkline([100, 50, nil, 0, 120], width: 40, height: 20)
        #expect(line.lines == ["0.0,0.0 10.0,10.0", "30.0,20.0 40.0,0.0"])
        #expect(line.dots.count == 4)
        #expect(Sparkline([nil, nil], width: 40, height: 20).lines.isEmpty)
        #expect(Sparkline([75], width: 40, height: 20).lines == ["0.0,5.0"])
    }

    static func row(_ key: String, completed: (Int, Int), settled: [String: Int]? = nil) -> StatsRow {
        StatsRow(key: key, name: key, cases: 1, tasks: completed.0 + completed.1, acknowledgedOnTime: 0, acknowledgedLate: 0, completedOnTime: completed.0,
                 completedLate: completed.1, overdue: 0, returns: 0, rework: 0, supervisionOrders: 0, supervisionOverdue: 0, rated: 0, satisfied: 0,
                 handled: 0, averageHandlingWorkingHours: nil, settledByLevel: settled)
    }

    static func report(_ rows: [StatsRow], total: StatsRow) -> StatsReport {
        StatsReport(from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 1), by: .community, rows: rows, total: total)
    }

    @Test("each row's trend is its own key's week by week (nil in a week it has nothing), the total's the totals'; shares in the ladder's order")
    func board() {
        let weeks = [ReportWeek(from: "2026-11-23", to: "2026-11-30"), ReportWeek(from: "2026-11-30", to: "2026-12-07")]
        let period = Self.report([Self.row("c01", completed: (3, 1)), Self.row("c04", completed: (1, 1))],
                                 total: Self.row("all", completed: (4, 2), settled: ["grid": 3, "street": 1]))
        let weekly = [
            (week: weeks[0], report: Self.report([Self.row("c01", completed: (1, 1))], total: Self.row("all", completed: (1, 1), settled: ["community": 2]))),
            (week: weeks[1], report: Self.report([Self.row("c01", completed: (2, 0)), Self.row("c04", completed: (1, 1))],
                                                 total: Self.row("all", completed: (3, 1), settled: ["grid": 3, "street": 1]))),
        ]
        let board = EvaluationBoard(period: period, weekly: weekly, ladder: [.grid, .community, .street])
        #expect(board.rows.map(\.figures.key) == ["c01", "c04"])
        #expect(board.rows[0].onTimeTrend == [50, 100] && board.rows[1].onTimeTrend == [nil, 50])
        #expect(board.total.onTimeTrend == [50, 75] && board.total.satisfactionTrend == [nil, nil])
        #expect(board.distribution.map(\.settled) == [2, 4])
        #expect(board.distribution[1].shares.map(\.level) == [.grid, .community, .street])
        #expect(board.distribution[1].shares.map(\.percent) == [75, 0, 25] && board.distribution[0].shares.map(\.percent) == [0, 100, 0])
        #expect(board.target.map(\.percent) == [70, 20, 10])
        #expect(EvaluationBoard(period: period, weekly: [], ladder: HandlingLevel.allCases).target.map(\.percent) == [40, 30, 20, 10])
    }

    @Test("an office and a grid worker read their own area's evaluation, an operator the city's, a department and a stranger none")
    func reach() {
        let city = Ladder.city
        #expect(Viewer(identity: "co-c01", role: "staff", city: city).evaluationReach == .area("c01"))
        #expect(Viewer(identity: "gw-g10", role: "staff", city: city).evaluationReach == .area("g10"))
        #expect(Viewer(identity: "operator", role: "operator", city: city).evaluationReach == .city)
        #expect(Viewer(identity: "cg", role: "department", city: city).evaluationReach
            == .refused("a department ('cg') does not read the evaluation; grid workers and offices read their own area's"))
        #expect(Viewer(identity: "nobody", role: "staff", city: city).evaluationReach == .refused("'nobody' reads no evaluation"))
    }
}
