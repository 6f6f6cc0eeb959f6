import CityModel
import Contracts
import Envelope
import Foundation
import Testing
import Timekeeping
@testable import WhistleMediation

@Suite("Mediation's decisions, on a manual clock")
struct MediationDomainTests {
    let city = try! City.demo()
    let clock = ManualClock()

    func dispute(_ category: String, level: HandlingLevel, grid: String) -> CaseReported {
        CaseReported(caseID: "c-\(grid)", category: category, categoryName: "", priority: .normal, level: level, dispute: true,
                     location: city.location(ofGrid: grid)!, description: "楼上漏水", origin: .resident,
                     source: SourceEvent(source: "/t", id: "1", type: "whistle.report.resident"), reporter: "r-001")
    }

    @Test("the grid's mediator for grid-level disputes, the community's above; not a dispute: nothing")
    func mediatorByLevel() throws {
        let desk = MediationDesk(city: city)
        let grid = try #require(try desk.open(dispute("fljf", level: .grid, grid: "g05"), now: clock.now()))
        #expect(grid.file.mediator.id == "med-g05")
        #expect(grid.emissions.map(\.event.topic.name) == ["mediation.opened.s01.c02.g05", "task.med-g05.s01.c02.g05"],
                "the suite hears of it, and the mediator on its own task topic")
        #expect(try desk.open(dispute("wyjf", level: .community, grid: "g05"), now: clock.now())?.file.mediator.id == "med-c02")
        var ordinary = dispute("ljdf", level: .grid, grid: "g05")
        ordinary.dispute = false
        #expect(try desk.open(ordinary, now: clock.now()) == nil)
    }

    @Test("concluding records the outcome and time; a referral only for a failure")
    func conclude() throws {
        let opened = try #require(try MediationDesk(city: city).open(dispute("fljf", level: .grid, grid: "g05"), now: clock.now()))
        clock.advance(by: 86_400)
        let agreed = try MediationDesk(city: city).act(
            MediatorCommand(command: "c", mediator: "med-g05", mediation: opened.file.mediation, action: .conclude, outcome: .agreed,
                            referral: .court), file: opened.file, now: clock.now())
        #expect(agreed.file.status == .agreed && agreed.file.referral == nil && agreed.file.concludedAt == clock.now())
        #expect(agreed.emissions.map(\.event.topic.name) == ["mediation.concluded.s01.c02.g05"])
        #expect(throws: Refused(.invalidTransition, "a mediation that is agreed cannot be concluded again")) {
            try MediationDesk(city: city).act(MediatorCommand(command: "d", mediator: "med-g05", mediation: opened.file.mediation,
                                                       action: .conclude, outcome: .failed), file: agreed.file, now: clock.now())
        }
    }
}
