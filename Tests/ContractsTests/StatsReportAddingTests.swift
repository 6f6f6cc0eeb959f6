import Contracts
import Foundation
import Testing

@Suite("The evaluation of partitions added up")
struct StatsReportAddingTests {
    static func row(_ key: String, cases: Int?, tasks: Int, onTime: Int, late: Int, rated: Int, satisfied: Int, handled: Int, hours: Double?,
                    settled: [String: Int]?) -> StatsRow {
        StatsRow(key: key, name: key, cases: cases, tasks: tasks, acknowledgedOnTime: onTime, acknowledgedLate: late, completedOnTime: onTime,
                 completedLate: late, overdue: late, returns: 0, rework: 0, supervisionOrders: 1, supervisionOverdue: 0, rated: rated,
                 satisfied: satisfied, handled: handled, averageHandlingWorkingHours: hours, settledByLevel: settled,
                 unfixable: cases.map { _ in 0 }, invalid: cases.map { _ in 1 })
    }

    @Test("a department in both partitions is one row: counts summed, percentages from the sums, the average weighted by the tasks it averages")
    func departments() throws {
        let day = Date(timeIntervalSince1970: 1_796_601_600)
        let s01 = StatsReport(from: day, to: day, by: .department,
                              rows: [Self.row("cg", cases: nil, tasks: 3, onTime: 3, late: 0, rated: 1, satisfied: 1, handled: 3, hours: 2, settled: nil)],
                              total: Self.row("all", cases: 3, tasks: 3, onTime: 3, late: 0, rated: 1, satisfied: 1, handled: 3, hours: 2, settled: ["grid": 2]))
        let s02 = StatsReport(from: day, to: day, by: .department,
                              rows: [Self.row("cg", cases: nil, tasks: 1, onTime: 0, late: 1, rated: 1, satisfied: 0, handled: 1, hours: 6, settled: nil),
                                     Self.row("xf", cases: nil, tasks: 2, onTime: 1, late: 1, rated: 0, satisfied: 0, handled: 0, hours: nil, settled: nil)],
                              total: Self.row("all", cases: 2, tasks: 3, onTime: 1, late: 2, rated: 1, satisfied: 0, handled: 1, hours: 6,
                                              settled: ["grid": 1, "street": 1]))
        let sum = try #require(StatsReport.adding([s01, s02]))
        #expect(sum.rows.map(\.key) == ["cg", "xf"])
        let cg = sum.rows[0]
        #expect((cg.tasks, cg.acknowledgedOnTime, cg.acknowledgedLate, cg.supervisionOrders, cg.rated, cg.satisfied) == (4, 3, 1, 2, 2, 1))
        #expect(cg.acknowledgedOnTimePercent == 75 && cg.satisfactionPercent == 50)
        #expect(cg.averageHandlingWorkingHours == 3)                       // (3 × 2 h + 1 × 6 h) / 4, not (2 + 6) / 2
        #expect(cg.cases == nil && cg.settledByLevel == nil)               // a department row stays one
        #expect(sum.rows[1] == s02.rows[1])
        #expect(sum.total.cases == 5 && sum.total.invalid == 2 && sum.total.settledByLevel == ["grid": 3, "street": 1])
        #expect(sum.total.settledPercent == ["grid": 75, "street": 25])
        #expect(StatsReport.adding([s01]) == s01 && StatsReport.adding([]) == nil)
    }
}
