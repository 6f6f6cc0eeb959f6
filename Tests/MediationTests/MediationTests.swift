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

    /// A grid dispute in g03 that dispatch shows as mediating, and a way to conclude it as a mediator.
    func mediating(_ suite: InProcessSuite, _ id: String) async throws -> (caseID: String, conclude: Conclude) {
        let dispute = try await suite.report(id, category: "fljf", grid: "g03")
        try await eventually("the case is mediating") { try suite.caseView(dispute)?.status == .mediating }
        return (dispute, { id, mediator, outcome, note, referral in
            try await suite.command(MediatorCommand(command: id, mediator: mediator, mediation: "m-\(dispute)", action: .conclude,
                                                    outcome: outcome, note: note, referral: referral), to: "mediation")
        })
    }
    typealias Conclude = (String, String, MediationOutcome?, String?, Referral?) async throws -> (reply: CommandReply, bytes: Data)

    @Test("a mediator concludes their own case; the case status follows; refusals change nothing; retries are answered alike")
    func conclusion() async throws {
        let suite = try await InProcessSuite([.intake, .dispatch, .mediation])
        let (dispute, command) = try await mediating(suite, "d4")
        func conclude(_ id: String, _ mediator: String, _ outcome: MediationOutcome?, referral: Referral? = nil) async throws -> (reply: CommandReply, bytes: Data) {
            try await command(id, mediator, outcome, nil, referral)
        }
        #expect(try await conclude("x1", "med-g01", .agreed).reply.error == .notYourMediation)
        #expect(try await conclude("x2", "med-g03", nil).reply.error == .outcomeRequired)
        #expect(try await suite.command(MediatorCommand(command: "x3", mediator: "med-g03", mediation: "m-nope", action: .conclude,
                                                        outcome: .agreed), to: "mediation").reply.error == .unknownMediation)
        #expect(try suite.mediation!.store.mediation(forCase: dispute)?.status == .opened)
        let done = try await conclude("done", "med-g03", .failed, referral: .court)
        #expect(done.reply.state == "referred")
        #expect(try await conclude("done", "med-g03", .failed, referral: .court).bytes == done.bytes)
        #expect(try await conclude("again", "med-g03", .agreed).reply.error == .invalidTransition)
        try await eventually("dispatch records the failed mediation") { try suite.caseView(dispute)?.status == .mediationFailed }
        // The store commits before the relay publishes: wait for the step on the bus too.
        try await eventually("dispatch publishes the step") { !suite.seen.events(CaseMediationEnded.self).isEmpty }
        let ended = try #require(suite.seen.events(CaseMediationEnded.self).first)
        #expect(ended.referral == .court && ended.outcome == .failed && ended.reporter == "r-001")
        await suite.stop()
    }

    @Test("a failure at the grid climbs to the community's committee, which refers it to court; the case follows every step")
    func climbsThenRefers() async throws {
        let suite = try await InProcessSuite([.intake, .dispatch, .mediation])
        let (dispute, command) = try await mediating(suite, "d5")
        func conclude(_ id: String, _ mediator: String, referral: Referral? = nil) async throws -> CommandReply {
            try await command(id, mediator, .failed, "未达成", referral).reply
        }
        #expect(try await conclude("up", "med-g03").state == "escalated")
        #expect(try await conclude("late", "med-g03").error == .notYourMediation, "the grid's mediator no longer has it")
        try await eventually("the community's mediator is told on their own topic") {
            suite.seen.on("task.med-c01.").map(\.event.type) == ["whistle.mediation.assigned"]
        }
        try await eventually("dispatch records the climb") { try suite.caseView(dispute)?.history.last?.action == "mediation-escalated" }
        let climbed = try #require(try suite.caseView(dispute)?.history.last)
        #expect(try climbed.by == "med-c01" && climbed.note == "未达成" && suite.caseView(dispute)?.status == .mediating)

        #expect(try await conclude("court", "med-c01", referral: .court).state == "referred")
        try await eventually("the case ends referred to court") { !suite.seen.events(CaseMediationEnded.self).isEmpty }
        let ended = try #require(suite.seen.events(CaseMediationEnded.self).first)
        #expect(ended.referral == .court && ended.outcome == .failed && ended.status == .mediationFailed)
        #expect(suite.seen.steps(of: dispute) == ["whistle.case.referred", "whistle.case.mediating", "whistle.case.mediation-escalated",
                                                  "whistle.case.mediation-failed"])
        let file = try #require(try suite.mediation!.store.mediation(forCase: dispute))
        #expect(file.trail.map(\.mediator.id) == ["med-g03", "med-c01"] && file.trail.map(\.result) == [.escalated, .referred])
        await suite.stop()
    }
}
