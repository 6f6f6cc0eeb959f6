import CityModel
import Contracts
import Envelope
import Foundation
import Testing
@testable import WhistleMediation

@Suite("提议定做评 and 四议两公开: a proposal's steps besides its vote")
struct DeliberationStepsTests {
    let city = try! City.demo()
    let now = Date(timeIntervalSince1970: 1_795_395_600)
    var desk: DeliberationDesk { DeliberationDesk(city: city) }
    let registry = (1...4).map { City.Household(id: "c01-3-\($0)", community: "c01", building: "3", representative: $0 == 1 ? "r-001" : nil, area: 90) }

    func command(_ action: ProposalAction, _ fill: (inout ProposalCommand) -> Void = { _ in }) -> ProposalCommand {
        var command = ProposalCommand(command: UUID().uuidString, staff: "co-c01", proposal: "lift-3", action: action)
        fill(&command)
        return command
    }

    func proposed() throws -> ProposalFile {
        try desk.propose(command(.propose) { $0.community = "c01"; $0.building = "3"; $0.question = "3号楼加装电梯"; $0.proposedBy = "3号楼业主" },
                         existing: nil, now: now).file
    }

    func record(_ file: ProposalFile, _ stage: DeliberationStage, note: String = "会议纪要") throws(Refused) -> ProposalFile {
        try desk.record(command(.record) { $0.stage = stage; $0.note = note }, proposal: file, now: now).file
    }

    func open(_ file: ProposalFile) throws(Refused) -> ProposalDecision {
        try desk.open(command(.open) { $0.rule = .doubleThreeQuarters; $0.closesAt = now.addingTimeInterval(86_400) }, existing: file,
                      registry: registry, now: now)
    }

    @Test("提 then 议: discussions any time before the vote, 四议 each once and in order; a vote opens when all four are recorded, or none")
    func proposeAndDeliberate() throws {
        let file = try proposed()
        #expect(file.status == .proposed && file.rule == nil && file.closesAt == nil)
        #expect(throws: Refused(.invalidTransition, "the vote on lift-3 has not opened yet")) {
            try DeliberationDesk.vote(VoteCommand(command: "v", proposal: "lift-3", household: "c01-3-1", voter: "r-001", choice: .agree),
                                      proposal: file, voter: Voter(household: "c01-3-1", area: 90), previous: nil, now: now)
        }
        var discussed = try record(file, .discussion, note: "居民议事会：3号楼12户到会")
        #expect(throws: Refused(.invalidTransition, "四议 come in order: committees before branch-proposal")) { try record(discussed, .committees) }
        discussed = try record(discussed, .branchProposal)
        #expect(throws: Refused(.invalidTransition, "四议 are not complete for lift-3: committees is due before the vote")) { try open(discussed) }
        for stage in [DeliberationStage.committees, .partyMembers, .representatives] { discussed = try record(discussed, stage) }
        #expect(throws: Refused(.invalidTransition, "四议 are complete for lift-3")) { try record(discussed, .representatives) }
        #expect(discussed.stages.map(\.stage) == [.discussion, .branchProposal, .committees, .partyMembers, .representatives])
        let opened = try open(discussed)
        #expect(opened.file.status == .open && opened.file.rule == .doubleThreeQuarters && opened.roll.count == 4 && opened.file.question == "3号楼加装电梯")
        #expect(throws: Refused(.invalidTransition, "lift-3 is open: it is discussed before its vote opens")) { try record(opened.file, .discussion) }
        #expect(try open(try proposed()).file.status == .open, "a plain 协商 needs none of 四议")
        #expect(throws: Refused(.proposalExists, "proposal 'lift-3' exists already")) { try open(opened.file) }
        #expect(throws: Refused(.missingDetail, "this action needs a 'note' of 1–4000 characters")) { try record(file, .discussion, note: " ") }
        #expect(throws: Refused(.notYourCase, "community c01 lies outside co-c02's community c02")) {
            try desk.record(command(.record) { $0.staff = "co-c02"; $0.stage = .discussion; $0.note = "x" }, proposal: file, now: now)
        }
    }

    func decided(passed: Bool) throws -> ProposalFile {
        let opened = try open(try proposed())
        let votes: [String: Ballot] = passed ? ["c01-3-1": .agree, "c01-3-2": .agree, "c01-3-3": .agree, "c01-3-4": .agree] : [:]
        return try desk.close(command(.close), proposal: opened.file, asked: opened.roll, votes: votes, now: now).file
    }

    @Test("做 and 评: only a passed proposal is carried out; completed, its households rate it until the office evaluates, counted once")
    func carryOutAndEvaluate() throws {
        #expect(throws: Refused(.invalidTransition, "lift-3 did not pass: there is nothing to carry out")) {
            try desk.carryOut(command(.carryOut) { $0.task = "招标" }, proposal: try decided(passed: false), now: now)
        }
        let file = try decided(passed: true)
        #expect(throws: Refused(.invalidTransition, "lift-3 is decided: record the tasks that carry it out first")) {
            try desk.complete(command(.complete), proposal: file, now: now)
        }
        var carrying = try desk.carryOut(command(.carryOut) { $0.task = "施工单位招标"; $0.caseID = "intake-1-9" }, proposal: file, now: now).file
        carrying = try desk.carryOut(command(.carryOut) { $0.task = "电梯安装" }, proposal: carrying, now: now).file
        #expect(carrying.status == .carryingOut && carrying.tasks.map(\.caseID) == ["intake-1-9", nil])
        let rating = ProposalRatingCommand(command: "e", proposal: "lift-3", household: "c01-3-1", voter: "r-001", satisfaction: .satisfied)
        #expect(throws: Refused(.invalidTransition, "lift-3 is rated once it is carried out")) {
            try DeliberationDesk.rate(rating, proposal: carrying, voter: Voter(household: "c01-3-1", area: 90), now: now)
        }
        let evaluating = try desk.complete(command(.complete), proposal: carrying, now: now).file
        let rated = try DeliberationDesk.rate(rating, proposal: evaluating, voter: Voter(household: "c01-3-1", area: 90, representative: "r-001"), now: now)
        #expect(rated.proposal == "lift-3" && rated.household == "c01-3-1" && rated.voter == "r-001" && rated.satisfaction == .satisfied && rated.at == now)
        #expect(throws: Refused(.notAHousehold, "household 'c01-3-1' was not asked by lift-3")) {
            try DeliberationDesk.rate(rating, proposal: evaluating, voter: nil, now: now)
        }
        let evaluated = try desk.evaluate(command(.evaluate), proposal: evaluating, asked: 4, ratings: [.satisfied, .basic, .unsatisfied], now: now)
        // 3 of 4 households rated; satisfied + basic = 2 of 3 = 66.7 %.
        #expect(evaluated.file.satisfaction == SatisfactionTally(households: 4, rated: 3, satisfied: 1, basic: 1, unsatisfied: 1))
        #expect(evaluated.file.satisfaction?.satisfactionPercent == 66.7 && evaluated.file.status == .evaluated)
        #expect(throws: Refused(.invalidTransition, "the rating of lift-3 has closed")) {
            try DeliberationDesk.rate(rating, proposal: evaluated.file, voter: Voter(household: "c01-3-1", area: 90), now: now)
        }
        #expect(throws: Refused(.invalidTransition, "lift-3 is evaluated: the households rate it once it is completed")) {
            try desk.evaluate(command(.evaluate), proposal: evaluated.file, asked: 4, ratings: [], now: now)
        }
    }

    @Test("两公开: the resolution once decided, the result once carried out, each once, with the tally and the ratings; each step an event of its own")
    func publications() throws {
        let proposed = try proposed()
        let publishResolution = command(.publish) { $0.publication = .resolution; $0.note = "公示7天" }
        #expect(throws: Refused(.invalidTransition, "lift-3 is not decided yet")) { try desk.publish(publishResolution, proposal: proposed, ratings: [], asked: 0, now: now) }
        let file = try decided(passed: true)
        let resolution = try desk.publish(publishResolution, proposal: file, ratings: [], asked: 4, now: now)
        let event = try #require(resolution.emissions.first?.event as? DeliberationProgressed)
        #expect(event.step == .published && event.publication == .resolution && event.passed == true && event.tally?.agree == 4)
        #expect(resolution.emissions.map(\.event.topic.name) == ["deliberation.progressed.s01.c01"])
        #expect(throws: Refused(.invalidTransition, "the resolution of lift-3 was published already")) {
            try desk.publish(publishResolution, proposal: resolution.file, ratings: [], asked: 4, now: now)
        }
        let publishResult = command(.publish) { $0.publication = .result }
        #expect(throws: Refused(.invalidTransition, "lift-3 is not carried out yet")) { try desk.publish(publishResult, proposal: resolution.file, ratings: [], asked: 4, now: now) }
        var carried = try desk.carryOut(command(.carryOut) { $0.task = "安装" }, proposal: resolution.file, now: now).file
        carried = try desk.complete(command(.complete), proposal: carried, now: now).file
        let result = try desk.publish(publishResult, proposal: carried, ratings: [.satisfied, .satisfied], asked: 4, now: now)
        #expect((result.emissions.first?.event as? DeliberationProgressed)?.satisfaction?.satisfied == 2)
        let ids = [resolution, result].flatMap(\.emissions).map(\.id)
        #expect(Set(ids).count == ids.count && ids.allSatisfy { $0.hasPrefix("lift-3-p") })
    }
}
