import CityModel
import Contracts
import Envelope
import Foundation
import Testing
import Timekeeping
@testable import WhistleMediation

@Suite("A dispute's life (受理 → 调解 → 协议 → 司法确认 → 回访) on a manual clock")
struct MediationLifecycleTests {
    let city = try! City.demo()
    let clock = ManualClock(Date(timeIntervalSince1970: 1_795_000_000))   // 2026-11-18 (Wed) 19:06:40 +08:00
    var desk: MediationDesk { MediationDesk(city: city) }
    let terms = AgreementTerms(facts: "楼上卫生间漏水", matters: "维修费用由谁承担", responsibilities: "李四负主要责任", terms: "李四赔偿张三维修费800元",
                               performanceWay: "微信转账", performancePlace: "社区调解室", performanceBy: "2026-11-30")

    func opened() throws -> MediationFile {
        let report = CaseReported(caseID: "c-1", category: "fljf", categoryName: "", priority: .normal, level: .grid, dispute: true,
                                  location: city.location(ofGrid: "g05")!, description: "楼上漏水", origin: .resident,
                                  source: SourceEvent(source: "/t", id: "c-1", type: "whistle.report.resident"), reporter: "r-001")
        return try #require(try desk.open(report, now: clock.now())).file
    }

    func act(_ file: MediationFile, _ action: MediatorAction, by mediator: String = "med-g05",
             _ fill: (inout MediatorCommand) -> Void = { _ in }) throws(Refused) -> MediationDecision {
        var command = MediatorCommand(command: UUID().uuidString, mediator: mediator, mediation: file.mediation, action: action)
        fill(&command)
        return try desk.act(command, file: file, now: clock.now())
    }

    func accepted() throws -> MediationFile {
        try act(try opened(), .accept) {
            $0.rightsTold = true
            $0.parties = [PartyEntry(name: "张三", side: .applicant, contact: "13800000001", address: "3栋101"),
                          PartyEntry(name: "李四", side: .respondent, contact: "13800000002")]
        }.file
    }

    @Test("acceptance needs the parties told their rights, two sides; events name parties masked, never their contacts")
    func acceptance() throws {
        let file = try opened()
        #expect(throws: Refused(.missingDetail, "accepting needs rightsTold: true — the parties are told their rights and duties before mediation")) {
            try act(file, .accept) { $0.parties = [PartyEntry(name: "张三", side: .applicant), PartyEntry(name: "李四", side: .respondent)] }
        }
        #expect(throws: Refused(.malformedCommand, "a dispute has an applicant and a respondent")) {
            try act(file, .accept) { $0.rightsTold = true; $0.parties = [PartyEntry(name: "张三", side: .applicant), PartyEntry(name: "李四", side: .applicant)] }
        }
        let decision = try act(file, .accept) {
            $0.rightsTold = true
            $0.parties = [PartyEntry(name: "张三", side: .applicant, contact: "13800000001"), PartyEntry(name: "欧阳小明", side: .respondent, contact: "13800000002")]
        }
        #expect(decision.file.parties.map(\.id) == ["p1", "p2"] && decision.file.acceptedAt == clock.now())
        let event = try #require(decision.emissions.first?.event as? MediationProgressed)
        #expect(event.step == .accepted && event.parties?.map(\.name) == ["张*", "欧***"])
        let published = String(decoding: try JSONValueEncoder().encode(event).jsonData(), as: UTF8.self)
        #expect(!published.contains("138") && !published.contains("张三"))
        #expect(decision.emissions.map(\.event.topic.name) == ["mediation.progressed.s01.c02.g05"])
        #expect(throws: Refused.self) { try act(decision.file, .accept) { $0.rightsTold = true; $0.parties = [] } }
        #expect(throws: Refused(.notYourMediation, "this mediation case is with med-g05 at the grid tier")) { try act(decision.file, .seal, by: "med-g03") }
        #expect(event.residents == nil, "nobody gave a resident-app id")
    }

    @Test("parties who use the resident app are named on every step by their id (each once, sorted), not after refusing; a bad id is refused")
    func residents() throws {
        let withApp = try act(try opened(), .accept) {
            $0.rightsTold = true
            $0.parties = [PartyEntry(name: "张三", side: .applicant, resident: "r-007"), PartyEntry(name: "李四", side: .respondent, resident: "r-002"),
                          PartyEntry(name: "王五", side: .respondent)]
        }
        #expect((withApp.emissions.first?.event as? MediationProgressed)?.residents == ["r-002", "r-007"])
        let scheduled = try act(withApp.file, .schedule) { $0.plan = SessionPlan(at: clock.now().addingTimeInterval(86_400), place: "调解室") }
        #expect((scheduled.emissions.first?.event as? MediationProgressed)?.residents == ["r-002", "r-007"])
        var refusing = scheduled.file
        refusing.parties[1].refusedAt = clock.now()
        #expect(MediationDesk.residents(of: refusing) == ["r-007"])
        #expect(throws: Refused(.malformedCommand, "party 2's resident must be a resident-app id of a-z, 0-9, - and _ (1 to 64)")) {
            try act(try opened(), .accept) {
                $0.rightsTold = true
                $0.parties = [PartyEntry(name: "张三", side: .applicant), PartyEntry(name: "李四", side: .respondent, resident: "R 002")]
            }
        }
    }

    @Test("declined before acceptance, refused by a party after it: each leaves mediation with its reason and cause")
    func declineAndRefusal() throws {
        let declined = try act(try opened(), .decline) { $0.reason = "已起诉至法院" }
        #expect(declined.file.status == .declined && declined.file.trail.last?.result == .declined && declined.file.dueAt == nil)
        let ended = try #require(declined.emissions.first?.event as? MediationConcluded)
        #expect(ended.cause == .declined && ended.outcome == .failed && ended.note == "已起诉至法院")
        #expect(throws: Refused(.reasonRequired, "this action needs 'reason'")) { try act(try opened(), .decline) }

        let file = try accepted()
        #expect(throws: Refused(.invalidTransition, "an accepted dispute is not declined: conclude it failed, or let a party refuse")) {
            try act(file, .decline) { $0.reason = "x" }
        }
        #expect(throws: Refused(.notAParty, "'p9' is not a party to this dispute: its parties are p1, p2")) { try act(file, .refuse) { $0.party = "p9" } }
        let refused = try act(file, .refuse) { $0.party = "p2"; $0.reason = "不愿调解" }
        #expect(refused.file.status == .refused && refused.file.parties[1].refusedAt == clock.now())
        #expect((refused.emissions.first?.event as? MediationConcluded)?.note == "p2 (李*) refused mediation: 不愿调解")
        #expect(throws: Refused(.invalidTransition, "a mediation that is refused cannot be extended")) { try act(refused.file, .extend) { $0.within = "5wd" } }
    }

    @Test("an extension needs every party's consent and adds to the limit on the work calendar")
    func extension_() throws {
        #expect(throws: Refused(.invalidTransition, "accept the dispute with its parties first: an extension needs their consent")) {
            try act(try opened(), .extend) { $0.within = "10wd"; $0.consents = [] }
        }
        let file = try accepted()
        #expect(throws: Refused(.consentMissing, "an extension needs every party's consent: p2 did not consent")) {
            try act(file, .extend) { $0.within = "10wd"; $0.consents = ["p1"] }
        }
        #expect(throws: Refused(.malformedCommand, "'within' must be a time limit such as 10wd or 15d")) {
            try act(file, .extend) { $0.within = "soon"; $0.consents = ["p1", "p2"] }
        }
        let extended = try act(file, .extend) { $0.within = "10wd"; $0.consents = ["p2", "p1"] }
        let due = try #require(file.dueAt)
        #expect(extended.file.dueAt == city.calendar.deadline(from: due, adding: TimeLimit(10, .workingDays)))
        #expect((extended.emissions.first?.event as? MediationProgressed)?.dueAt == extended.file.dueAt)
    }

    @Test("draft, every party signs, the mediator seals: it takes effect, ends agreed, arms the confirmation reminder and the follow-up")
    func agreement() throws {
        let file = try accepted()
        #expect(throws: Refused(.invalidTransition, "there is no agreement to sign: draft it first")) { try act(file, .sign) { $0.party = "p1" } }
        var late = terms
        late.performanceBy = "2026-11-17"
        #expect(throws: Refused(.malformedCommand, "the agreement's performanceBy (2026-11-17) has passed")) { try act(file, .draft) { $0.agreement = late } }
        var drafted = try act(file, .draft) { $0.agreement = terms }.file
        drafted = try act(drafted, .sign) { $0.party = "p1" }.file
        #expect(throws: Refused(.notSigned, "every party signs before the seal: p2 (李*) has not")) { try act(drafted, .seal) }
        #expect(throws: Refused(.invalidTransition, "p1 signed this draft already (2026-11-18 19:06:40 +08:00)")) { try act(drafted, .sign) { $0.party = "p1" } }
        let redrafted = try act(drafted, .draft) { $0.agreement = terms }.file
        #expect(redrafted.parties.allSatisfy { $0.signedAt == nil }, "a new draft clears the signatures")
        drafted = try act(drafted, .sign) { $0.party = "p2" }.file
        clock.advance(by: 60)
        let sealed = try act(drafted, .seal)
        #expect(sealed.file.status == .agreed && sealed.file.agreement?.sealedAt == clock.now() && sealed.file.dueAt == nil)
        #expect(sealed.file.agreement?.windowClosesAt == clock.now().addingTimeInterval(30 * 86_400))
        #expect(sealed.file.confirmationReminderAt == clock.now().addingTimeInterval(23 * 86_400))
        // The morning after the deadline, 2026-12-01 09:00 +08:00.
        #expect(sealed.file.followUpAt == city.calendar.midnight(of: "2026-12-01")!.addingTimeInterval(9 * 3_600))
        #expect(sealed.emissions.map(\.event.eventType) == ["whistle.mediation.progressed", "whistle.mediation.concluded"])
        #expect(sealed.emissions.map(\.id) == ["m-c-1-p5", "m-c-1-concluded"])
        #expect(sealed.file.trail.last?.result == .agreed)
    }

    func sealed() throws -> MediationFile {
        var file = try act(try accepted(), .draft) { $0.agreement = terms }.file
        for party in ["p1", "p2"] { file = try act(file, .sign) { $0.party = party }.file }
        return try act(file, .seal).file
    }

    @Test("judicial confirmation: applied within 30 days (not a second later), then confirmed; the reminder is disarmed once they applied")
    func confirmation() throws {
        let file = try sealed()
        clock.advance(by: 30 * 86_400 + 1)
        #expect(throws: Refused(.confirmationWindowClosed, "judicial confirmation is applied for within 30 days: the window closed 2026-12-18 19:06:40 +08:00")) {
            try act(file, .confirm) { $0.application = .applied; $0.court = "区人民法院" }
        }
        clock.advance(by: -1)
        #expect(throws: Refused(.invalidTransition, "the court decides only after the parties applied")) { try act(file, .confirm) { $0.application = .confirmed } }
        #expect(throws: Refused(.missingDetail, "this action needs 'court'")) { try act(file, .confirm) { $0.application = .applied } }
        let applied = try act(file, .confirm) { $0.application = .applied; $0.court = "区人民法院" }
        #expect(applied.file.confirmationReminderAt == nil && applied.file.agreement?.court == "区人民法院")
        let confirmed = try act(applied.file, .confirm) { $0.application = .confirmed }
        #expect(confirmed.file.agreement?.confirmation == .confirmed)
        #expect((confirmed.emissions.first?.event as? MediationProgressed)?.step == .confirmed)
    }

    @Test("reminders: the confirmation window a week before it closes, the follow-up the morning after the deadline, each once, on the mediator's topic")
    func reminders() throws {
        let file = try sealed()
        #expect(desk.timersDue(file, now: clock.now()) == nil)
        clock.advance(by: 13 * 86_400)   // 2026-12-01 19:06: the follow-up is due (09:00), the reminder not yet
        let followUp = try #require(desk.timersDue(file, now: clock.now()))
        #expect(followUp.emissions.map(\.event.topic.name) == ["task.med-g05.s01.c02.g05"])
        #expect((followUp.emissions.first?.event as? MediationReminder)?.kind == .followUp && followUp.file.followUpAt == nil)
        #expect(desk.timersDue(followUp.file, now: clock.now()) == nil)
        clock.advance(by: 10 * 86_400)   // 23 days after the seal
        let window = try #require(desk.timersDue(followUp.file, now: clock.now()))
        let reminder = try #require(window.emissions.first?.event as? MediationReminder)
        #expect(reminder.kind == .confirmationWindow && reminder.dueAt == file.agreement?.windowClosesAt && reminder.parties.map(\.name) == ["张*", "李*"])
        #expect(window.emissions.map(\.event.topic.name) == ["task.med-g05.s01.c02.g05", "mediation.progressed.s01.c02.g05"], "the parties are reminded too")
        let told = try #require(window.emissions.last?.event as? MediationProgressed)
        #expect(told.step == .confirmationReminded && told.dueAt == file.agreement?.windowClosesAt && window.file.steps == followUp.file.steps + 1)
        #expect(desk.timersDue(window.file, now: clock.now().addingTimeInterval(86_400)) == nil)
    }

    @Test("follow-ups: partly sets another visit in 10 working days; not performed reopens at the tier that agreed, or ends it referred")
    func followUps() throws {
        let file = try sealed()
        #expect(throws: Refused(.invalidTransition, "only an agreed dispute is followed up: this one is opened")) {
            try act(try accepted(), .followUp) { $0.performance = .performed }
        }
        let partly = try act(file, .followUp) { $0.performance = .partly; $0.note = "付了一半" }
        #expect(partly.file.followUpAt == city.calendar.deadline(from: clock.now(), adding: TimeLimit(10, .workingDays)))
        let reopened = try act(partly.file, .followUp) { $0.performance = .notPerformed }
        #expect(reopened.file.status == .opened && reopened.file.level == .grid && reopened.file.trail.map(\.result) == [.agreed, nil])
        #expect(reopened.file.dueAt == city.calendar.deadline(from: clock.now(), adding: city.mediationLimit(for: "fljf")))
        #expect(reopened.emissions.compactMap { ($0.event as? MediationProgressed)?.step } == [.followedUp, .reopened])
        #expect(throws: Refused(.invalidTransition, "this agreement was sealed already (2026-11-18 19:06:40 +08:00): draft a new one")) {
            try act(reopened.file, .seal)
        }
        var redrafted = try act(reopened.file, .draft) { $0.agreement = terms }.file
        for party in ["p1", "p2"] { redrafted = try act(redrafted, .sign) { $0.party = party }.file }
        #expect(try act(redrafted, .seal).file.status == .agreed, "a new agreement, signed anew, is sealed")
        let failedAgain = try act(reopened.file, .conclude) { $0.outcome = .failed; $0.referral = .court }
        #expect(failedAgain.emissions.map(\.id) == ["m-c-1-concluded-2"], "the second end has an id of its own")

        let referred = try act(file, .followUp) { $0.performance = .notPerformed; $0.referral = .court }
        #expect(referred.file.status == .referred && referred.file.referral == .court && referred.file.trail.map(\.result) == [.agreed, .referred])
        #expect(referred.emissions.map(\.event.eventType) == ["whistle.mediation.progressed", "whistle.mediation.progressed", "whistle.mediation.concluded"])
        let performed = try act(file, .followUp) { $0.performance = .performed }
        #expect(performed.file.followUpAt == nil && performed.file.followUps.map(\.performance) == [.performed])
    }

    @Test("statistics count the declined, the refused, agreements performed and broken, by a count made by hand")
    func statistics() throws {
        let declined = try act(try opened(), .decline) { $0.reason = "x" }.file
        let refused = try act(try accepted(), .refuse) { $0.party = "p1" }.file
        let performed = try act(try sealed(), .followUp) { $0.performance = .performed }.file
        var broken = try act(try sealed(), .followUp) { $0.performance = .notPerformed }.file
        broken.mediation = "m-2"
        let report = MediationStatistics.report([declined, refused, performed, broken], from: clock.now().addingTimeInterval(-86_400),
                                                to: clock.now().addingTimeInterval(86_400))
        // declined 1, refused 1, agreed 1 (performed), 1 reopened and open; the grid received 5 stints (broken has two).
        #expect(report.declined == 1 && report.refused == 1 && report.performed == 1 && report.broken == 1)
        #expect(report.tiers[0].received == 5 && report.tiers[0].declined == 1 && report.tiers[0].refused == 1 && report.tiers[0].settled == 2)
        #expect(report.settled == 1 && report.open == 1 && report.successPercent == Percent.of(1, 3))
    }
}
