import CityModel
import Contracts
import Foundation
import Testing
import Timekeeping
@testable import WhistleDispatch

@Suite("The community's evaluation (考评) of departments and areas, on a manual clock")
struct EvaluationTests {
    let at = Casework.at

    /// Two smoke alarms (烟感报警: report for duty within 10m, finish within 4h) worked at known times.
    func twoCases() throws -> [Casework] {
        let first = try Casework("ygbj", grid: "g02")
        first.clock.set(at("2026-11-23 09:05"))
        try first.department("xf", .acknowledge)                        // on time
        first.advance(to: at("2026-11-23 09:15"))                       // 09:10: 物业 overdue, supervised
        try first.department("wy", .acknowledge)                        // late
        first.advance(to: at("2026-11-23 11:00"))
        try first.department("xf", .complete)                           // on time: 2 working hours
        first.advance(to: at("2026-11-23 14:00"))                       // 13:00: 物业 overdue again, supervised again
        try first.department("wy", .complete)                           // late: 3 working hours (lunch is not work)
        try first.staff("so-s01", .verify, outcome: .fixed)
        try first.rate(.satisfied, .solved)

        let second = try Casework("ygbj", grid: "g05")
        second.clock.set(at("2026-11-23 09:05"))
        try second.department("xf", .return, reason: "电气故障", suggest: "gd")
        second.clock.set(at("2026-11-23 09:06"))
        try second.staff("so-s01", .triage, task: "c1-xf", decision: .accept)
        try second.department("wy", .acknowledge)
        second.clock.set(at("2026-11-23 09:10"))
        try second.department("gd", .acknowledge)
        second.clock.set(at("2026-11-23 10:06"))
        try second.department("gd", .complete)                          // 1 working hour
        try second.department("wy", .complete)                          // 1.1 working hours
        try second.staff("so-s01", .verify, outcome: .fixed)
        try second.rate(.unsatisfied, .solved)                          // rework by 供电
        second.clock.set(at("2026-11-23 10:10"))
        try second.department("gd", .acknowledge)
        second.clock.set(at("2026-11-23 11:06"))
        try second.department("gd", .complete)
        try second.staff("so-s01", .verify, outcome: .fixed)
        try second.rate(.basic, .solved)
        return [first, second]
    }

    func evaluate(_ cases: [Casework], by grouping: StatsGrouping) -> StatsReport {
        var evaluation = Evaluation(rules: cases[0].rules, by: grouping, at: at("2026-11-23 14:30"))
        for work in cases { evaluation.add(work.file, ratings: work.ratings) }
        return evaluation.report(from: at("2026-11-23 00:00"), to: at("2026-11-24 00:00"))
    }

    @Test("per department: on-time acknowledgement and completion, overdue, returns, rework, supervision, satisfaction, handling time")
    func departments() throws {
        let report = evaluate(try twoCases(), by: .department)
        #expect(report.rows.map(\.key) == ["gd", "wy", "xf"] && report.rows.map(\.name) == ["供电", "物业", "消防"])
        let (gd, wy, xf) = (report.rows[0], report.rows[1], report.rows[2])
        #expect(counts(gd.tasks, gd.acknowledgedOnTime, gd.completedOnTime, gd.rework, gd.rated, gd.satisfied) == [1, 1, 1, 1, 2, 1])
        #expect(gd.satisfactionPercent == 50 && gd.averageHandlingWorkingHours == 1, "the rework round's time")
        #expect(counts(wy.tasks, wy.acknowledgedOnTime, wy.acknowledgedLate, wy.completedOnTime, wy.completedLate) == [2, 1, 1, 1, 1])
        #expect(counts(wy.overdue, wy.supervisionOrders, wy.supervisionOverdue, wy.rated) == [2, 2, 0, 0], "an assistant is not rated")
        #expect(wy.acknowledgedOnTimePercent == 50 && wy.completedOnTimePercent == 50 && wy.averageHandlingWorkingHours == 2.05)
        #expect(counts(xf.tasks, xf.acknowledgedOnTime, xf.acknowledgedLate, xf.completedOnTime, xf.completedLate, xf.returns) == [2, 1, 0, 1, 0, 1])
        #expect(xf.rated == 1 && xf.satisfactionPercent == 100 && xf.averageHandlingWorkingHours == 2, "the returned case is 供电's to answer for")
        let total = report.total
        #expect(counts(total.tasks, total.acknowledgedOnTime, total.acknowledgedLate, total.returns, total.rated) == [5, 3, 1, 1, 3])
        #expect(total.key == "all" && abs((total.averageHandlingWorkingHours ?? 0) - 1.775) < 0.006, "(1 + 3 + 1.1 + 2) / 4 handled tasks")
        #expect(report.total.settledByLevel == ["street": 2] && report.total.settledPercent == ["street": 100] && xf.cases == nil && xf.settledByLevel == nil)
    }

    @Test("per community: the area's cases, every task in them, its ratings and the rung its cases were settled at")
    func communities() throws {
        let report = evaluate(try twoCases(), by: .community)
        #expect(report.rows.map(\.key) == ["c01", "c02"] && report.rows.map(\.name) == ["中山社区", "新民社区"])
        let (c01, c02) = (report.rows[0], report.rows[1])
        #expect(c01.cases == 1 && c02.cases == 1)
        #expect(counts(c01.tasks, c01.acknowledgedLate, c01.completedLate, c01.overdue, c01.supervisionOrders) == [2, 1, 1, 2, 2])
        #expect(c01.averageHandlingWorkingHours == 2.5 && c01.settledByLevel == ["street": 1])
        #expect(counts(c02.tasks, c02.acknowledgedOnTime, c02.completedOnTime, c02.returns, c02.rework, c02.rated, c02.satisfied) == [3, 2, 2, 1, 1, 2, 1])
        #expect(c02.averageHandlingWorkingHours == 1.05)
    }

    @Test("a grid-level case settled at the grid counts at the grid; a grid task left to run out counts late")
    func gridShare() throws {
        let settled = try Casework("ljdf")
        try settled.staff("gw-g02", .resolve)
        let climbed = try Casework("ljdf")
        climbed.advance(to: at("2026-11-23 15:00"))
        var evaluation = Evaluation(rules: settled.rules, by: .grid, at: at("2026-11-23 16:00"))
        evaluation.add(settled.file, ratings: [])
        evaluation.add(climbed.file, ratings: [])
        let report = evaluation.report(from: at("2026-11-23 00:00"), to: at("2026-11-24 00:00"))
        #expect(report.total.settledByLevel == ["grid": 1] && report.rows.map(\.key) == ["g02"])
        let g02 = report.rows[0]
        #expect(g02.cases == 2)
        #expect(counts(g02.tasks, g02.completedOnTime, g02.completedLate, g02.overdue) == [3, 1, 1, 1], "the community's task is still in time")
    }

    @Test("挂账 and 作废 settle nothing: they stay out of the 721 distribution and count in their own columns, by area and in the total")
    func unfixableAndInvalidAreNotSettled() throws {
        let resolved = try Casework("ljdf", grid: "g02")
        try resolved.staff("gw-g02", .resolve)
        let verified = try Casework("ygbj", grid: "g02")
        for department in ["xf", "wy"] { try verified.department(department, .acknowledge); try verified.department(department, .complete) }
        try verified.staff("so-s01", .verify, outcome: .fixed)
        let shelved = try Casework("ygbj", grid: "g05")
        try shelved.staff("so-s01", .verify, reason: "待旧改统一解决", outcome: .unfixable)
        let invalid = try Casework("ljdf", grid: "g05")
        try invalid.staff("co-c02", .escalate, reason: "r")
        try invalid.staff("co-c02", .escalate, reason: "r")
        try invalid.staff("so-s01", .verify, reason: "重复报告", outcome: .invalid)
        for grouping in [StatsGrouping.community, .department] {
            var evaluation = Evaluation(rules: resolved.rules, by: grouping, at: at("2026-11-23 16:00"))
            for work in [resolved, verified, shelved, invalid] { evaluation.add(work.file, ratings: []) }
            let report = evaluation.report(from: at("2026-11-23 00:00"), to: at("2026-11-24 00:00"))
            #expect(report.total.cases == 4 && report.total.settledByLevel == ["grid": 1, "street": 1], "\(grouping): only resolved and verified settle")
            #expect(report.total.settledPercent == ["grid": 50, "street": 50])
            #expect(report.total.unfixable == 1 && report.total.invalid == 1)
            if grouping == .community {
                let (c01, c02) = (report.rows[0], report.rows[1])
                #expect(c01.settledByLevel == ["grid": 1, "street": 1] && c01.unfixable == 0 && c01.invalid == 0)
                #expect(c02.settledByLevel == [:] && c02.settledPercent == [:] && c02.unfixable == 1 && c02.invalid == 1)
            } else {
                #expect(report.rows.allSatisfy { $0.cases == nil && $0.settledByLevel == nil && $0.unfixable == nil }, "a department row counts tasks only")
            }
        }
    }

    func counts(_ values: Int...) -> [Int] { values }
}
