import CityModel
import Contracts
import Foundation
import Testing
import Timekeeping
@testable import WhistleDispatch

@Suite("The 721 ladder, on a manual clock and the demo city's work calendar")
struct LadderTests {
    let at = Casework.at

    @Test("a grid-level case is the grid worker's task, due on the grid's limit in working hours, published on the grid's task topic")
    func gridRung() throws {
        let work = try Casework("ljdf")
        let task = try #require(work.task(of: "grid"))
        #expect(work.file.level == .grid && work.file.status == .assigned && work.file.whistledLevel == nil)
        #expect(task.kind == .grid && task.acknowledgeBy == nil && task.handleBy == at("2026-11-23 15:00"), "4wh from 09:00 skips lunch")
        #expect(work.emitted.map(\.type) == ["whistle.task.assigned", "whistle.case.assigned"])
        #expect(work.emitted.map(\.topic) == ["task.gw-g02.s01.c01.g02", "status.case.s01.c01.g02"])
        #expect(work.timers.map(\.dueAt) == [at("2026-11-23 14:12"), at("2026-11-23 15:00")], "催办 at 80 % of 4wh, overdue at 100 %")
    }

    @Test("left alone, a case climbs grid → community → street and summons the departments, each rung in the history")
    func climbsByItself() throws {
        let work = try Casework("ljdf")
        work.advance(to: at("2026-11-23 14:12"))
        #expect(work.actions.last == "reminded" && work.emitted.last?.topic == "task.gw-g02.s01.c01.g02")
        work.advance(to: at("2026-11-23 15:00"))
        #expect(work.file.level == .community && work.file.status == .assigned)
        #expect(Array(work.actions.suffix(3)) == ["overdue", "escalated", "assigned"])
        #expect(work.task(of: "grid")?.state == .withdrawn && work.task(of: "grid")?.overdue == 1)
        #expect(work.task(of: "community")?.handleBy == at("2026-11-24 15:00"), "1wd = 7 working hours, across the night")
        work.advance(to: at("2026-11-24 15:00"))
        #expect(work.file.level == .street && work.file.whistledLevel == .street && work.file.status == .dispatched)
        #expect(work.file.tasks.filter { $0.kind == .department }.map(\.department) == ["cg", "wy"])
        let lead = try #require(work.task(of: "cg"))
        #expect(lead.acknowledgeBy == at("2026-11-24 17:00") && lead.handleBy == at("2026-11-27 15:00"))
        #expect(work.actions == ["assigned", "reminded", "overdue", "escalated", "assigned", "reminded", "overdue", "escalated", "dispatched"])
        #expect(work.emitted.filter { $0.type == "whistle.task.withdrawn" }.map(\.topic) == ["task.gw-g02.s01.c01.g02", "task.co-c01.s01.c01.g02"])
    }

    @Test("a grid worker settles the case on the spot; the reporter may rate it until the rating window closes")
    func resolvedOnTheSpot() throws {
        let work = try Casework("ljdf")
        work.clock.advance(by: 600)
        try work.staff("gw-g02", .resolve)
        #expect(work.file.status == .resolved && work.file.resolvedLevel == .grid && work.task(of: "grid")?.state == .completed)
        #expect(work.timers.map(\.kind) == [.rating], "the grid task's timers are gone, the rating window's is set")
        #expect(work.timers.first?.dueAt == work.clock.now().addingTimeInterval(72 * 3600))
    }

    @Test("staff act only at their rung and in their area; escalating needs a reason; refusals change nothing")
    func staffRefusals() throws {
        let work = try Casework("ljdf")
        let before = work.file
        #expect(throws: Refused(.unknownStaff, "no grid worker or office 'nobody'")) { try work.staff("nobody", .resolve) }
        #expect(refusal { try work.staff("gw-g01", .resolve) } == .notYourCase)
        #expect(refusal { try work.staff("co-c01", .resolve) } == .notAtThisLevel)
        #expect(refusal { try work.staff("gw-g02", .escalate) } == .reasonRequired)
        #expect(refusal { try work.staff("gw-g02", .verify, outcome: .fixed) } == .invalidTransition)
        #expect(work.file == before)
        try work.staff("gw-g02", .escalate, reason: "needs the community")
        #expect(work.file.level == .community && work.actions.suffix(2) == ["escalated", "assigned"])
        #expect(refusal { try work.staff("gw-g02", .resolve) } == .notAtThisLevel)
    }

    @Test("the community office blows the whistle: departments on the community's limits, or the whistle rung's where it has none")
    func communityWhistles() throws {
        let work = try Casework("gkpw")
        #expect(work.file.level == .community && work.task(of: "community")?.handleBy == at("2026-11-23 15:00"), "gkpw: 4wh at the community")
        try work.staff("co-c01", .whistle)
        #expect(work.file.whistledLevel == .community && work.file.level == .community && work.file.status == .dispatched)
        #expect(work.file.tasks.filter { $0.kind == .department }.map(\.department) == ["cg", "pcs", "wy"])
        let lead = try #require(work.task(of: "cg"))
        #expect(lead.level == .community && lead.handleBy == at("2026-11-23 15:00"), "the community's own handling limit")
        #expect(lead.acknowledgeBy == work.clock.now().addingTimeInterval(30 * 60), "no community acknowledgement limit: the street's (30m)")
        #expect(work.task(of: "community")?.state == .withdrawn)
        #expect(refusal { try work.staff("co-c01", .whistle) } == .notAtThisLevel)
    }

    @Test("an emergency starts at the whistle at once")
    func emergency() throws {
        let work = try Casework("ygbj")
        #expect(work.file.level == .street && work.file.whistledLevel == .street && work.file.status == .dispatched)
        #expect(work.task(of: "xf")?.acknowledgeBy == work.clock.now().addingTimeInterval(600), "ygbj: report for duty in 10m")
        #expect(!work.file.tasks.contains { $0.kind != .department })
    }

    @Test("de-escalating sends away departments not yet at work; once one reported for duty the case stays")
    func deescalate() throws {
        let work = try Casework("ljdf")
        try work.staff("co-c01", .escalate, reason: "r")
        try work.staff("so-s01", .escalate, reason: "needs departments")
        #expect(work.file.whistledLevel == .street)
        try work.staff("so-s01", .deescalate, reason: "the community can do it")
        #expect(work.file.level == .community && work.file.whistledLevel == nil && work.task(of: "community")?.isOpen == true)
        #expect(work.file.tasks.filter { $0.kind == .department }.allSatisfy { $0.state == .withdrawn })
        try work.staff("co-c01", .escalate, reason: "after all")
        try work.department("cg", .acknowledge, task: work.task(of: "cg")?.task)
        #expect(refusal { try work.staff("so-s01", .deescalate, reason: "no") } == .invalidTransition)
        #expect(refusal { try work.staff("so-s01", .escalate, reason: "top") } == .invalidTransition)
    }

    @Test("会办 and reassignment: the whistling rung summons another department and moves a task; the old holder is told")
    func summonAndReassign() throws {
        let work = try Casework("ygbj")
        try work.staff("so-s01", .summon, department: "pcs")
        #expect(work.task(of: "pcs")?.role == .assist && work.actions.last == "summoned")
        #expect(refusal { try work.staff("so-s01", .summon, department: "pcs") } == .invalidTransition)
        #expect(refusal { try work.staff("so-s01", .summon, department: "nope") } == .unknownDepartment)
        #expect(refusal { try work.staff("co-c01", .summon, department: "gd") } == .notAtThisLevel)
        try work.staff("so-s01", .reassign, task: "c1-wy", department: "gd", reason: "power fault")
        #expect(work.task(of: "wy")?.state == .withdrawn && work.task(of: "gd")?.role == .assist && work.actions.last == "reassigned")
        #expect(work.emitted.suffix(3).map(\.type) == ["whistle.task.withdrawn", "whistle.task.assigned", "whistle.case.reassigned"])
    }

    @Test("under 4321 a case climbs from the street to the district, which watches the departments already at work")
    func districtRung() throws {
        var city = try City.demo()
        city.ladder = [.grid, .community, .street, .district]
        city.limits.levels[.district] = City.StageLimits(acknowledge: TimeLimit(1, .workingHours), handle: TimeLimit(2, .workingDays))
        let work = try Casework("ygbj", city: city)
        try work.staff("so-s01", .escalate, reason: "joint handling by the district (会办)")
        #expect(work.file.level == .district && work.file.whistledLevel == .street)
        #expect(work.file.tasks.filter(\.isOpen).map(\.department) == ["xf", "wy"], "no second set of tasks")
        try work.staff("do-d01", .summon, department: "zj")
        #expect(work.task(of: "zj")?.level == .district)
    }
}
