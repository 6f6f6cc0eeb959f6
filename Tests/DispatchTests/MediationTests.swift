import Foundation
import Messaging
import Testing
import TestKit

@Suite("Mediation: disputes go to the right mediator", .serialized)
struct MediationTests {
    @Test("small disputes stay with the grid's mediator, bigger ones go to the community's; each is published once")
    func disputesOpenMediation() async throws {
        let suite = try await SuiteHarness()
        let neighbours = try await suite.report("d1", category: "fljf", grid: "g03")     // 邻里纠纷: grid level
        let property = try await suite.report("d2", category: "wyjf", grid: "g08")       // 物业纠纷: community level
        let ordinary = try await suite.report("d3", category: "ljdf", grid: "g08")       // not a dispute
        try await eventually("both mediations are published") {
            suite.seen.all.filter { $0.topic.hasPrefix("mediation.opened.") }.count == 2
        }
        let opened = suite.seen.all.filter { $0.topic.hasPrefix("mediation.opened.") }
        #expect(opened.map(\.topic) == ["mediation.opened.s01.c01.g03", "mediation.opened.s02.c03.g08"])
        #expect(opened[0].event.data?["mediator"]?["id"]?.stringValue == "med-g03")
        #expect(opened[1].event.data?["mediator"]?["id"]?.stringValue == "med-c03")
        #expect(try suite.mediation.store.mediation(forCase: neighbours)?.mediator == "med-g03")
        #expect(try suite.mediation.store.mediation(forCase: property)?.status == "opened")
        try await eventually("the ordinary case is dispatched") { suite.seen.types(for: ordinary).contains("whistle.case.dispatched") }
        #expect(try suite.mediation.store.mediation(forCase: ordinary) == nil)
        await suite.stop()
    }
}
