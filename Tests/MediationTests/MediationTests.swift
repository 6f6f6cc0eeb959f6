import Contracts
import Envelope
import Foundation
import Messaging
import ServiceKit
import SuiteTestKit
import Testing
import TestKit
import WhistleDispatch
import WhistleMediation

@Suite("Mediation: disputes go to the right mediator, and the case follows the mediation", .serialized)
struct MediationTests {
    @Test("small disputes stay with the grid's mediator, bigger ones go to the community's; each is published once")
    func disputesOpenMediation() async throws {
        let suite = try await InProcessSuite([.intake, .dispatch, .mediation])
        let neighbours = try await suite.report("d1", category: "fljf", grid: "g03")     // 邻里纠纷: grid level
        let property = try await suite.report("d2", category: "wyjf", grid: "g08")       // 物业纠纷: community level
        let ordinary = try await suite.report("d3", category: "ljdf", grid: "g08")       // not a dispute
        try await eventually("both mediations are published") { suite.seen.on(Topics.mediationOpened).count == 2 }
        #expect(suite.seen.on(Topics.mediationOpened).map(\.topic) == ["mediation.opened.s01.c01.g03", "mediation.opened.s02.c03.g08"])
        let opened = suite.seen.events(MediationOpened.self)
        #expect(opened.map(\.mediator.id) == ["med-g03", "med-c03"])
        #expect(try suite.mediation!.store.mediation(forCase: neighbours)?.mediator.id == "med-g03")
        #expect(try suite.mediation!.store.mediation(forCase: property)?.status == .opened)
        try await eventually("the ordinary case is with the grid worker") { suite.seen.steps(of: ordinary).contains("whistle.case.assigned") }
        #expect(try suite.mediation!.store.mediation(forCase: ordinary) == nil)
        try await eventually("dispatch follows: the dispute is mediating") {
            suite.seen.steps(of: neighbours) == ["whistle.case.referred", "whistle.case.mediating"]
        }
        await suite.stop()
    }

    @Test("a mediator concludes their own case; the case status follows; refusals change nothing; retries are answered alike")
    func conclusion() async throws {
        let suite = try await InProcessSuite([.intake, .dispatch, .mediation])
        let dispute = try await suite.report("d4", category: "fljf", grid: "g03")
        try await eventually("the case is mediating") { try suite.caseView(dispute)?.status == .mediating }
        let mediation = "m-\(dispute)"
        func conclude(_ id: String, _ mediator: String, _ outcome: MediationOutcome?, referral: Referral? = nil) async throws -> (reply: CommandReply, bytes: Data) {
            try await suite.command(MediatorCommand(command: id, mediator: mediator, mediation: mediation, action: .conclude,
                                                    outcome: outcome, referral: referral), to: "mediation")
        }
        #expect(try await conclude("x1", "med-g01", .agreed).reply.error == .notYourMediation)
        #expect(try await conclude("x2", "med-g03", nil).reply.error == .outcomeRequired)
        #expect(try await suite.command(MediatorCommand(command: "x3", mediator: "med-g03", mediation: "m-nope", action: .conclude,
                                                        outcome: .agreed), to: "mediation").reply.error == .unknownMediation)
        #expect(try suite.mediation!.store.mediation(forCase: dispute)?.status == .opened)
        let done = try await conclude("done", "med-g03", .failed, referral: .court)
        #expect(done.reply.state == "failed")
        #expect(try await conclude("done", "med-g03", .failed, referral: .court).bytes == done.bytes)
        #expect(try await conclude("again", "med-g03", .agreed).reply.error == .invalidTransition)
        try await eventually("dispatch records the failed mediation") { try suite.caseView(dispute)?.status == .mediationFailed }
        // The store commits before the relay publishes: wait for the step on the bus too.
        try await eventually("dispatch publishes the step") { !suite.seen.events(CaseMediationEnded.self).isEmpty }
        let ended = try #require(suite.seen.events(CaseMediationEnded.self).first)
        #expect(ended.referral == .court && ended.outcome == .failed && ended.reporter == "r-001")
        await suite.stop()
    }
}
