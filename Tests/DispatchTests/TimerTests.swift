import CityModel
import Contracts
import Foundation
import Testing
import Timekeeping
@testable import WhistleDispatch

@Suite("Dispatch's timers: 催办, overdue, 督办 and the rating window, on a manual clock")
struct TimerTests {
    let at = Casework.at

    @Test("a department late to report for duty: 催办 at 80 %, overdue at 100 %, then a supervision order from the street office")
    func lateDepartment() throws {
        let work = try Casework("ygbj")           // report for duty within 10m, finish within 4h (calendar time)
        work.advance(by: 8 * 60)
        #expect(work.actions.suffix(2) == ["reminded", "reminded"], "lead and assistant")
        #expect(work.emitted.suffix(4).map(\.topic) == ["status.case.s01.c01.g02", "task.xf.s01.c01.g02", "status.case.s01.c01.g02", "task.wy.s01.c01.g02"])
        #expect(work.rules.light(of: work.task(of: "xf")!, category: "ygbj", at: work.clock.now()) == .yellow)
        work.advance(by: 2 * 60)
        #expect(work.actions.suffix(4) == ["overdue", "supervised", "overdue", "supervised"])
        #expect(work.file.orders.map(\.by) == ["so-s01", "so-s01"] && work.file.orders.map(\.department) == ["xf", "wy"])
        #expect(work.file.orders[0].answerBy == at("2026-11-23 15:10"), "4wh from 09:10 skips lunch")
        #expect(work.file.level == .street, "a department's lateness does not move the case")
        #expect(work.rules.light(of: work.task(of: "xf")!, category: "ygbj", at: work.clock.now()) == .red)
        try work.department("wy", .answer, note: "on our way", order: work.file.orders[1].order)
        work.advance(to: at("2026-11-23 15:10"))
        #expect(work.file.orders.map(\.order) == ["c1-xf-o1", "c1-wy-o2", "c1-xf-o3", "c1-wy-o4"], "at 13:00 the 4h to finish ran out too")
        #expect(work.file.orders.map(\.overdue) == [true, false, false, false], "the answered order is not overdue; the later ones are not due yet")
        #expect(work.actions.filter { $0 == "supervision-overdue" }.count == 1)
        #expect(work.rules.light(of: work.file.orders[0], at: work.clock.now()) == .red && work.rules.light(of: work.file.orders[1], at: work.clock.now()) == nil)
    }

    @Test("answering a supervision order needs the order and a note; an order answered twice is refused")
    func answering() throws {
        let work = try Casework("ygbj")
        try work.staff("so-s01", .supervise, task: "c1-xf", opinion: "先处置火情", within: "20m")
        let order = try #require(work.file.orders.first)
        #expect(order.answerBy == work.clock.now().addingTimeInterval(1200) && work.emitted.last?.type == "whistle.task.supervision-ordered")
        #expect(refusal { try work.department("xf", .answer, note: "ok") } == .missingDetail)
        #expect(refusal { try work.department("xf", .answer, note: "ok", order: "nope") } == .unknownOrder)
        #expect(refusal { try work.department("xf", .answer, order: order.order) } == .missingDetail)
        #expect(refusal { try work.department("wy", .answer, task: "c1-wy", note: "ok", order: order.order) } == .unknownOrder)
        #expect(refusal { try work.staff("so-s01", .supervise, task: "c1-xf", opinion: "x", within: "soon") } == .malformedCommand)
        try work.department("xf", .answer, note: "已到场", order: order.order)
        #expect(refusal { try work.department("xf", .answer, note: "again", order: order.order) } == .invalidTransition)
        #expect(!work.timers.contains { $0.order == order.order })
    }

    @Test("a timer for a stage already passed, an order answered or a case rated does nothing")
    func staleTimers() throws {
        let work = try Casework("ygbj")
        let acknowledgeOverdue = try #require(work.timers.first { $0.task == "c1-xf" && $0.stage == .acknowledge && $0.kind == .overdue })
        try work.department("xf", .acknowledge)
        #expect(!work.timers.contains { $0.task == "c1-xf" && $0.stage == .acknowledge }, "its acknowledgement timers are cancelled")
        work.clock.advance(by: 3600)
        #expect(TimerDesk.fire(acknowledgeOverdue, file: work.file, rules: work.rules, now: work.clock.now()) == nil)
        let rating = TimerPlan(kind: .rating, dueAt: work.clock.now())
        #expect(TimerDesk.fire(rating, file: work.file, rules: work.rules, now: work.clock.now()) == nil, "not settled: nothing to close")
    }

    @Test("deadlines skip public holidays and count make-up working days (调休)")
    func holidays() throws {
        let beforeNationalDay = try Casework("ljdf", at: at("2026-09-30 17:00"))
        #expect(beforeNationalDay.task(of: "grid")?.handleBy == at("2026-10-08 12:00"), "half an hour, then 1–7 October off, then 3.5h")
        let makeUpSaturday = try Casework("ljdf", at: at("2026-10-09 16:30"))
        #expect(makeUpSaturday.task(of: "grid")?.handleBy == at("2026-10-10 11:30"), "Saturday 10 October is worked")
        let weekend = try Casework("ljdf", at: at("2026-11-28 10:00"))
        #expect(weekend.task(of: "grid")?.handleBy == at("2026-11-30 14:30"), "reported on a Saturday: the clock starts Monday")
    }

    @Test("nobody rates a settled case within the window: it closes unrated, exactly once")
    func ratingWindow() throws {
        let work = try Casework("ljdf")
        try work.staff("gw-g02", .resolve, reason: nil)
        work.advance(by: 72 * 3600 - 1)
        #expect(work.file.status == .resolved)
        work.advance(by: 1)
        #expect(work.file.status == .closed && work.file.closure == .unrated && work.file.resolvedLevel == .grid)
        #expect(work.timers.isEmpty && work.actions.last == "closed")
        #expect(refusal { try work.rate(.satisfied, .solved) } == .notResolved)
    }
}
