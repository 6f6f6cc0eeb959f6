import CityModel
import Contracts
import Foundation
import Testing
import Timekeeping
@testable import WhistleDispatch

@Suite("Returns, verification, ratings and rework, on a manual clock")
struct ClosureTests {
    @Test("a return goes to the whistling rung for triage: accept the suggestion, send back with an opinion, or reassign; counted")
    func returnsAreTriaged() throws {
        let work = try Casework("ygbj")
        #expect(refusal { try work.department("xf", .return) } == .reasonRequired)
        try work.department("xf", .return, reason: "not a fire: a power fault", suggest: "gd")
        #expect(work.file.status == .returned && work.task(of: "xf")?.state == .returned && work.task(of: "xf")?.returns == 1)
        #expect(!work.timers.contains { $0.task == "c1-xf" }, "a returned task's timers are gone")
        #expect(refusal { try work.staff("so-s01", .triage, task: "c1-wy", decision: .accept) } == .invalidTransition)
        #expect(refusal { try work.staff("so-s01", .triage, task: "c1-xf") } == .missingDetail)
        try work.staff("so-s01", .triage, task: "c1-xf", decision: .accept)
        #expect(work.task(of: "xf")?.state == .withdrawn && work.task(of: "gd")?.role == .lead && work.file.status == .dispatched)
        #expect(work.actions.suffix(2) == ["returned", "reassigned"])

        try work.department("wy", .return, reason: "物业已撤场")
        #expect(refusal { try work.staff("so-s01", .triage, task: "c1-wy", decision: .accept) } == .missingDetail, "no suggestion to accept")
        try work.staff("so-s01", .triage, task: "c1-wy", opinion: "合同仍有效，请继续协办", decision: .sendBack)
        let back = try #require(work.task(of: "wy"))
        #expect(back.state == .dispatched && back.startedAt == work.clock.now() && back.returns == 1)
        #expect(work.timers.filter { $0.task == "c1-wy" }.count == 4, "its stages timed anew")
        #expect(work.emitted.last?.type == "whistle.task.sent-back" && work.emitted.last?.topic == "task.wy.s01.c01.g02")
        try work.department("wy", .return, reason: "还是不归我们")
        try work.staff("so-s01", .triage, task: "c1-wy", department: "zj", decision: .reassign)
        #expect(work.task(of: "zj")?.role == .assist && work.file.tasks.map(\.returns).reduce(0, +) == 3)
    }

    @Test("a case closes only when every department finished and the whistling rung verified; a good rating closes it")
    func verifyThenRate() throws {
        let work = try Casework("ygbj")
        try work.department("xf", .acknowledge)
        try work.department("xf", .complete, note: "已扑灭")
        #expect(work.file.status == .acknowledged, "the assistant is not done: the lead's completion leaves the case as it was")
        #expect(refusal { try work.staff("so-s01", .verify, outcome: .fixed) } == .invalidTransition)
        #expect(refusal { try work.rate(.satisfied, .solved) } == .notResolved)
        try work.department("wy", .acknowledge)
        try work.department("wy", .complete)
        #expect(work.file.status == .completed)
        #expect(refusal { try work.staff("co-c01", .verify, outcome: .fixed) } == .notAtThisLevel)
        try work.staff("so-s01", .verify, outcome: .fixed)
        #expect(work.file.status == .verified && work.file.resolvedLevel == .street && work.timers.map(\.kind) == [.rating])
        #expect(refusal { try work.rate(.satisfied, .solved, reporter: "r-002") } == .notYourCase)
        try work.rate(.basic, .partly)
        #expect(work.file.status == .closed && work.file.closure == .rated && work.timers.isEmpty)
        #expect(refusal { try work.rate(.satisfied, .solved) } == .alreadyRated)
    }

    @Test("an unsatisfied rating reopens the case for rework by the same lead; the new result is rated again, once")
    func rework() throws {
        let work = try Casework("ygbj")
        for department in ["xf", "wy"] {
            try work.department(department, .acknowledge)
            try work.department(department, .complete)
        }
        try work.staff("so-s01", .verify, outcome: .fixed)
        work.clock.advance(by: 3600)
        try work.rate(.unsatisfied, .solved)
        let lead = try #require(work.task(of: "xf"))
        #expect(work.file.status == .reopened && work.file.round == 2 && work.file.resolvedLevel == nil)
        #expect(lead.state == .dispatched && lead.rework == 1 && lead.startedAt == work.clock.now() && lead.acknowledgedAt == nil)
        #expect(work.task(of: "wy")?.state == .completed, "the assistant's part stands")
        #expect(work.timers.filter { $0.task == lead.task }.count == 4 && !work.timers.contains { $0.kind == .rating })
        #expect(work.emitted.last?.type == "whistle.task.reopened" && work.emitted.last?.topic == "task.xf.s01.c01.g02")
        #expect(refusal { try work.rate(.satisfied, .solved) } == .notResolved)
        try work.department("xf", .acknowledge)
        try work.department("xf", .complete)
        try work.staff("so-s01", .verify, outcome: .fixed)
        try work.rate(.satisfied, .solved)
        #expect(work.file.closure == .rated && work.file.rating?.round == 2)
        #expect(refusal { try work.rate(.satisfied, .solved) } == .alreadyRated)
    }

    @Test("a case settled at the grid and rated 'not solved' goes back to the grid's worker")
    func gridRework() throws {
        let work = try Casework("ljdf")
        try work.staff("gw-g02", .resolve)
        try work.rate(.basic, .not)
        let again = try #require(work.task(of: "grid"))
        #expect(again.task == "c1-grid-2" && again.rework == 1 && again.isOpen && work.file.level == .grid)
        #expect(work.actions.suffix(3) == ["rated", "reopened", "assigned"])
    }

    @Test("unfixable (挂账) and invalid (作废) close the case with a reason, withdrawing every open task")
    func closeWithoutFixing() throws {
        let work = try Casework("ygbj")
        #expect(refusal { try work.staff("so-s01", .verify, outcome: .unfixable) } == .reasonRequired)
        try work.staff("so-s01", .verify, reason: "待旧改项目统一解决", outcome: .unfixable)
        #expect(work.file.status == .closed && work.file.closure == .unfixable && work.timers.isEmpty)
        #expect(work.file.tasks.allSatisfy { $0.state == .withdrawn })
        #expect(refusal { try work.staff("so-s01", .summon, department: "gd") } == .invalidTransition, "closed")
    }
}
