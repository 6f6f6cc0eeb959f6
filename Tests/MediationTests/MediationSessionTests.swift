import CityModel
import Contracts
import Envelope
import Foundation
import Testing
import Timekeeping
@testable import WhistleMediation

@Suite("回避 and sessions: another mediator on a party's objection; sessions public only when no party objects, minutes each party signs")
struct MediationSessionTests {
    let city = try! City.demo()
    let clock = ManualClock()
    var desk: MediationDesk { MediationDesk(city: city) }

    func accepted(grid: String = "g03") throws -> MediationFile {
        let report = CaseReported(caseID: "c-1", category: "fljf", categoryName: "", priority: .normal, level: .grid, dispute: true,
                                  location: city.location(ofGrid: grid)!, description: "噪音", origin: .resident,
                                  source: SourceEvent(source: "/t", id: "c-1", type: "whistle.report.resident"), reporter: "r-001")
        let opened = try #require(try desk.open(report, now: clock.now())).file
        return try act(opened, .accept, by: opened.mediator.id) {
            $0.rightsTold = true
            $0.parties = [PartyEntry(name: "张三", side: .applicant), PartyEntry(name: "李四", side: .respondent)]
        }.file
    }

    func act(_ file: MediationFile, _ action: MediatorAction, by mediator: String,
             _ fill: (inout MediatorCommand) -> Void = { _ in }) throws(Refused) -> MediationDecision {
        var command = MediatorCommand(command: UUID().uuidString, mediator: mediator, mediation: file.mediation, action: action)
        fill(&command)
        return try desk.act(command, file: file, now: clock.now())
    }

    @Test("a party objects: the community's members take it in turn, each told on their own topic; the one objected to is refused as recused")
    func recusal() throws {
        let file = try accepted()
        let first = try act(file, .recuse, by: "med-g03") { $0.party = "p2"; $0.reason = "调解员系张三亲属" }
        #expect(first.file.mediator.id == "med-c01-1" && first.file.level == .grid && first.file.recused == ["med-g03"])
        #expect(first.file.trail.map(\.mediator.id) == ["med-c01-1"] && first.file.trail.count == 1, "the same tier, its record kept")
        #expect(first.emissions.map(\.event.topic.name) == ["mediation.progressed.s01.c01.g03", "task.med-c01-1.s01.c01.g03"])
        let event = try #require(first.emissions.first?.event as? MediationProgressed)
        #expect(event.step == .recused && event.previous?.id == "med-g03" && event.note == "p2 (李*) objected to 张伟(网格调解员): 调解员系张三亲属")
        #expect(throws: Refused(.mediatorRecused, "a party objected to med-g03: this mediation case is with med-c01-1 now")) {
            try act(first.file, .conclude, by: "med-g03") { $0.outcome = .agreed }
        }
        let second = try act(first.file, .recuse, by: "med-c01-1") { $0.party = "p1" }
        #expect(second.file.mediator.id == "med-c01-2" && second.emissions.map(\.id).last == "m-c-1-assigned-recusal-2")
        // Then the other grids' mediators of c01 (g01, g02 — g03's objected to), then the committee itself.
        var file2 = second.file
        for expected in ["med-g01", "med-g02", "med-c01"] {
            file2 = try act(file2, .recuse, by: file2.mediator.id) { $0.party = "p1" }.file
            #expect(file2.mediator.id == expected)
        }
        #expect(throws: Refused(.noMediator, "no other mediator serves the grid tier here: conclude it failed to pass it up, or refer it")) {
            try act(file2, .recuse, by: "med-c01") { $0.party = "p1" }
        }
        #expect(throws: Refused(.notAParty, "'p7' is not a party to this dispute: its parties are p1, p2")) { try act(file, .recuse, by: "med-g03") { $0.party = "p7" } }
    }

    @Test("a session: after now, public only with every party's consent; its minutes signed once by each party; recorded again, signed anew")
    func sessions() throws {
        let file = try accepted()
        let plan = SessionPlan(at: clock.now().addingTimeInterval(86_400), place: "中山社区调解室", participants: ["p1", "p2", "楼长"], public: true)
        #expect(throws: Refused(.consentMissing, "a session is public only when no party objects: p2 did not agree")) {
            try act(file, .schedule, by: "med-g03") { $0.plan = plan; $0.consents = ["p1"] }
        }
        var past = plan
        past.at = clock.now()
        #expect(throws: Refused(.malformedCommand, "a session is scheduled after now")) { try act(file, .schedule, by: "med-g03") { $0.plan = past } }
        let scheduled = try act(file, .schedule, by: "med-g03") { $0.plan = plan; $0.consents = ["p1", "p2"] }
        let event = try #require(scheduled.emissions.first?.event as? MediationProgressed)
        #expect(event.step == .scheduled && event.session == SessionRef(id: "s1", at: plan.at, place: "中山社区调解室", public: true))
        #expect(throws: Refused(.invalidTransition, "session s1 has no minutes to sign")) {
            try act(scheduled.file, .sign, by: "med-g03") { $0.session = "s1"; $0.party = "p1" }
        }
        #expect(throws: Refused(.unknownSession, "no session 's9' in m-c-1")) { try act(scheduled.file, .minutes, by: "med-g03") { $0.session = "s9"; $0.note = "x" } }
        var minuted = try act(scheduled.file, .minutes, by: "med-g03") { $0.session = "s1"; $0.note = "双方陈述，同意再议" }.file
        minuted = try act(minuted, .sign, by: "med-g03") { $0.session = "s1"; $0.party = "p1" }.file
        #expect(minuted.sessions[0].signatures.keys.sorted() == ["p1"] && minuted.agreement == nil, "minutes, not an agreement")
        #expect(throws: Refused(.invalidTransition, "p1 signed the minutes of s1 already")) {
            try act(minuted, .sign, by: "med-g03") { $0.session = "s1"; $0.party = "p1" }
        }
        let again = try act(minuted, .minutes, by: "med-g03") { $0.session = "s1"; $0.note = "更正：双方同意再议" }.file
        #expect(again.sessions[0].signatures.isEmpty && again.sessions[0].minutes == "更正：双方同意再议")
        let closed = try act(try accepted(), .schedule, by: "med-g03") { $0.plan = SessionPlan(at: plan.at, place: "调解室") }
        #expect(closed.file.sessions[0].reference.public == false, "a session is not public unless asked")
    }
}
