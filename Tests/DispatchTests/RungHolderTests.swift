import CityModel
import Contracts
import Foundation
import Testing
import Timekeeping
@testable import WhistleDispatch

@Suite("Every rung's holder has its own task topic, task.<its id>.…; the whistle can sit higher, or be blown only by hand")
struct RungHolderTests {
    /// The demo city with the 4321 ladder and departments summoned at `whistle` (nil: the city's default).
    func city4321(whistle: City.AutomaticWhistle?) throws -> City {
        var city = try City.demo()
        city.ladder = [.grid, .community, .street, .district]
        city.whistle = whistle
        city.limits.levels[.district] = City.StageLimits(acknowledge: TimeLimit(1, .workingHours), handle: TimeLimit(2, .workingDays))
        try city.validate()
        return city
    }

    func assigned(_ work: Casework) -> [String] { work.emitted.filter { $0.type == "whistle.task.assigned" }.map(\.topic) }

    @Test("whistle: none — grid worker, community office, street office and district office each hold the case in turn; the district office whistles")
    func everyRungByHand() throws {
        let work = try Casework("ljdf", city: city4321(whistle: .byHand))
        try work.staff("gw-g02", .escalate, reason: "too big for the grid")
        try work.staff("co-c01", .escalate, reason: "needs the street")
        #expect(work.file.level == .street && work.task(of: "street")?.kind == .street && work.file.whistledLevel == nil)
        try work.staff("so-s01", .escalate, reason: "needs the district (会办)")
        #expect(work.file.level == .district && work.task(of: "district")?.isOpen == true)
        #expect(refusal { try work.staff("so-s01", .whistle) } == .notAtThisLevel, "only the rung's own office whistles")
        try work.staff("do-d01", .whistle)
        #expect(work.file.whistledLevel == .district && work.task(of: "district")?.state == .withdrawn)
        #expect(assigned(work) == ["task.gw-g02.s01.c01.g02", "task.co-c01.s01.c01.g02", "task.so-s01.s01.c01.g02", "task.do-d01.s01.c01.g02",
                                   "task.cg.s01.c01.g02", "task.wy.s01.c01.g02"])
        #expect(work.emitted.filter { $0.type == "whistle.task.withdrawn" }.map(\.topic)
                == ["task.gw-g02.s01.c01.g02", "task.co-c01.s01.c01.g02", "task.so-s01.s01.c01.g02", "task.do-d01.s01.c01.g02"])
        #expect(work.task(of: "cg")?.acknowledgeBy == work.clock.now().addingTimeInterval(3600), "the district's own acknowledgement limit")
    }

    @Test("whistle: district — the street office holds the case below it, may settle it or blow the whistle itself")
    func streetBelowTheWhistle() throws {
        let city = try city4321(whistle: .at(.district))
        let settled = try Casework("ljdf", city: city)
        try settled.staff("gw-g02", .escalate, reason: "r")
        try settled.staff("co-c01", .escalate, reason: "r")
        try settled.staff("so-s01", .resolve)
        #expect(settled.file.status == .resolved && settled.file.resolvedLevel == .street)
        let whistled = try Casework("ljdf", city: city)
        try whistled.staff("gw-g02", .escalate, reason: "r")
        try whistled.staff("co-c01", .escalate, reason: "r")
        try whistled.staff("so-s01", .whistle)
        #expect(whistled.file.whistledLevel == .street && whistled.file.tasks.filter { $0.kind == .department }.map(\.department) == ["cg", "wy"])
        let climbed = try Casework("ljdf", city: city)
        for staff in ["gw-g02", "co-c01", "so-s01"] { try climbed.staff(staff, .escalate, reason: "r") }
        #expect(climbed.file.whistledLevel == .district && !climbed.file.tasks.contains { $0.kind == .district }, "at the whistle: departments, no rung task")
    }

    @Test("an emergency starts at the automatic whistle; with none it starts on its own rung, with its holder")
    func emergencies() throws {
        #expect(try Casework("ygbj", city: city4321(whistle: .at(.district))).file.whistledLevel == .district)
        let byHand = try Casework("ygbj", city: city4321(whistle: .byHand))
        #expect(byHand.file.level == .street && byHand.file.whistledLevel == nil && byHand.task(of: "street")?.isOpen == true)
    }

    @Test("a city is refused a whistle off its ladder or at the grid, and a staff id that is a department's code")
    func refusedCities() throws {
        var city = try City.demo()
        city.whistle = .at(.district)
        #expect(throws: CityError.inconsistent("whistle: district is not a rung of the ladder at or above the community (or none)")) { try city.validate() }
        city.whistle = .at(.grid)
        #expect(throws: CityError.self) { try city.validate() }
        city = try City.demo()
        city.streets[0].communities[0].grids[0].worker.id = "cg"
        #expect(throws: CityError.inconsistent("'cg' is a department's code and a staff id (both name task topics: task.<id>.)")) { try city.validate() }
        city = try City.demo()
        city.streets[0].office.id = "so s01"
        #expect(throws: CityError.self) { try city.validate() }
    }
}
