import CityModel
import Contracts
import Envelope
import Foundation
import Testing
import Timekeeping
@testable import WhistleMediation

@Suite("Mediation's tiers (4321): a failure climbs, a referral ends it, the top tier's failure is final")
struct MediationTierTests {
    let city = try! City.demo()
    let clock = ManualClock()

    func dispute(_ category: String = "fljf", level: HandlingLevel = .grid, grid: String = "g05", id: String = "c-1") -> CaseReported {
        CaseReported(caseID: id, category: category, categoryName: "", priority: .normal, level: level, dispute: true,
                     location: city.location(ofGrid: grid)!, description: "楼上漏水", origin: .resident,
                     source: SourceEvent(source: "/t", id: id, type: "whistle.report.resident"), reporter: "r-001")
    }

    func fail(_ file: MediationFile, by mediator: String, referral: Referral? = nil, desk: MediationDesk? = nil) throws -> MediationDecision {
        try (desk ?? MediationDesk(city: city)).act(
            MediatorCommand(command: UUID().uuidString, mediator: mediator, mediation: file.mediation, action: .conclude, outcome: .failed,
                            note: "未达成", referral: referral), file: file, now: clock.now())
    }

    @Test("grid → community → street → district, each mediator told on their own topic, the record carried up; the top's failure ends it")
    func climbsEveryTier() throws {
        let desk = MediationDesk(city: city)
        var file = try #require(try desk.open(dispute(), now: clock.now())).file
        var heard: [[String]] = []
        for mediator in ["med-g05", "med-c02", "med-s01"] {
            clock.advance(by: 3_600)
            let climbed = try fail(file, by: mediator)
            heard.append(climbed.emissions.map(\.event.topic.name))
            file = climbed.file
        }
        #expect(heard == [["mediation.escalated.s01.c02.g05", "task.med-c02.s01.c02.g05"],
                          ["mediation.escalated.s01.c02.g05", "task.med-s01.s01.c02.g05"],
                          ["mediation.escalated.s01.c02.g05", "task.med-d01.s01.c02.g05"]])
        #expect(file.status == .escalated && file.level == .district && file.mediator.id == "med-d01")
        #expect(file.trail.map(\.level) == [.grid, .community, .street, .district])
        #expect(file.trail.map(\.result) == [.escalated, .escalated, .escalated, nil])
        #expect(file.trail.map(\.mediator.id) == ["med-g05", "med-c02", "med-s01", "med-d01"])
        #expect(file.trail[1].from == file.trail[0].until && file.trail[0].note == "未达成")

        #expect(throws: Refused(.notYourMediation, "this mediation case is with med-d01 at the district tier")) {
            try fail(file, by: "med-s01")
        }
        clock.advance(by: 3_600)
        let ended = try fail(file, by: "med-d01")
        #expect(ended.file.status == .failed && ended.file.trail.last?.result == .failed && ended.file.concludedAt == clock.now())
        #expect(ended.emissions.map(\.event.topic.name) == ["mediation.concluded.s01.c02.g05"])
        let ids = heard.count + ended.emissions.count
        #expect(ids == 4)
    }

    @Test("a referral ends it at any tier as referred; an agreement settles it at its tier")
    func referralAndAgreement() throws {
        let desk = MediationDesk(city: city)
        let opened = try #require(try desk.open(dispute(), now: clock.now())).file
        let community = try fail(opened, by: "med-g05").file
        let referred = try fail(community, by: "med-c02", referral: .police)
        #expect(referred.file.status == .referred && referred.file.referral == .police && referred.file.outcome == .failed)
        #expect(referred.file.trail.map(\.result) == [.escalated, .referred])
        let event = try #require(referred.emissions.first?.event as? MediationConcluded)
        #expect(event.referral == .police && event.outcome == .failed && event.mediator.id == "med-c02")

        let agreed = try desk.act(MediatorCommand(command: "a", mediator: "med-c02", mediation: community.mediation, action: .conclude,
                                                      outcome: .agreed, referral: .court), file: community, now: clock.now())
        #expect(agreed.file.status == .agreed && agreed.file.referral == nil && agreed.file.trail.map(\.result) == [.escalated, .agreed])
    }

    @Test("a tier the city leaves unstaffed is skipped; without street and district mediators the community's failure is final")
    func unstaffedTiers() throws {
        var small = city
        small.district.mediator = nil
        for index in small.streets.indices { small.streets[index].mediator = nil }
        let desk = MediationDesk(city: small)
        let opened = try #require(try desk.open(dispute(level: .street), now: clock.now())).file
        #expect(opened.level == .community && opened.mediator.id == "med-c02", "a street-level dispute stays with the community's committee")
        let ended = try fail(opened, by: "med-c02", desk: desk)
        #expect(ended.file.status == .failed && ended.emissions.map(\.event.eventType) == ["whistle.mediation.concluded"])

        var noStreet = city
        noStreet.streets[0].mediator = nil
        let climbed = try fail(try fail(try #require(try MediationDesk(city: noStreet).open(dispute(), now: clock.now())).file,
                                        by: "med-g05", desk: MediationDesk(city: noStreet)).file, by: "med-c02", desk: MediationDesk(city: noStreet))
        #expect(climbed.file.level == .district && climbed.file.mediator.id == "med-d01", "from the community straight to the district")
        #expect(try MediationDesk(city: city).open(dispute(level: .district), now: clock.now())?.file.mediator.id == "med-d01")
    }
}

@Suite("Mediation's time limits: a tier that runs out of time passes the dispute up once, and the top tier's ends it")
struct MediationTimeLimitTests {
    let monday = Date(timeIntervalSince1970: 1_795_395_600)      // 2026-11-23 09:00 in Beijing

    func dispute(_ city: City) -> CaseReported {
        CaseReported(caseID: "c-1", category: "fljf", categoryName: "", priority: .normal, level: .grid, dispute: true,
                     location: city.location(ofGrid: "g05")!, description: "楼上漏水", origin: .resident,
                     source: SourceEvent(source: "/t", id: "c-1", type: "whistle.report.resident"), reporter: "r-001")
    }

    @Test("a month by default; climbs at its due time, not before, with the time anew; the top tier's ends it failed")
    func climbsOnTime() throws {
        let desk = MediationDesk(city: try City.demo())
        let opened = try #require(try desk.open(dispute(desk.city), now: monday)).file
        let month = monday.addingTimeInterval(30 * 86_400)
        #expect(opened.dueAt == month)
        #expect(desk.timeLimitPassed(opened, now: month.addingTimeInterval(-1)) == nil)
        let climbed = try #require(desk.timeLimitPassed(opened, now: month))
        #expect(climbed.file.level == .community && climbed.file.dueAt == month.addingTimeInterval(30 * 86_400))
        #expect(climbed.file.trail.first?.result == .escalated && climbed.file.trail.first?.note == "the grid tier's time limit passed")
        let event = try #require(climbed.emissions.first?.event as? MediationEscalated)
        #expect(event.reason == .timeLimit && event.from == .grid && event.dueAt == climbed.file.dueAt)
        #expect(desk.timeLimitPassed(climbed.file, now: month) == nil, "the new tier's time has just begun")

        var file = climbed.file
        for _ in 0..<2 {
            let due = try #require(file.dueAt)
            file = try #require(desk.timeLimitPassed(file, now: due)).file
        }
        #expect(file.level == .district)
        let top = try #require(file.dueAt)
        let ended = try #require(desk.timeLimitPassed(file, now: top))
        #expect(ended.file.status == .failed && ended.file.dueAt == nil && ended.emissions.map(\.event.eventType) == ["whistle.mediation.concluded"])
        #expect(desk.timeLimitPassed(ended.file, now: ended.file.concludedAt!.addingTimeInterval(86_400 * 365)) == nil)
    }

    @Test("a category's own limit in working time counts on the calendar; a conclusion disarms the timer")
    func categoryLimit() throws {
        var city = try City.demo()
        let index = try #require(city.categories.firstIndex { $0.code == "fljf" })
        city.categories[index].mediationLimit = TimeLimit(1, .workingDays)
        let desk = MediationDesk(city: city)
        let opened = try #require(try desk.open(dispute(city), now: monday)).file
        // 7 working hours from Monday 09:00: 3 h to noon, 3.5 h after lunch, half an hour on Tuesday morning.
        #expect(opened.dueAt == Date(timeIntervalSince1970: 1_795_482_000))
        let agreed = try desk.act(MediatorCommand(command: "a", mediator: "med-g05", mediation: opened.mediation, action: .conclude,
                                                      outcome: .agreed), file: opened, now: monday)
        #expect(agreed.file.dueAt == nil && desk.timeLimitPassed(agreed.file, now: Date(timeIntervalSince1970: 1_795_482_000)) == nil)
    }
}
