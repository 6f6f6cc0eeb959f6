import CityModel
import Contracts
import Envelope
import Foundation
import Testing
@testable import WhistleMediation

@Suite("Votes counted by the rule, by household and by area, at the thresholds' exact edges")
struct VoteCountTests {
    /// `n` households of `area` m² each, `h0`, `h1` …
    func households(_ n: Int, area: Double = 100) -> [Voter] { (0..<n).map { Voter(household: "h\($0)", area: area) } }

    func votes(_ choices: [Ballot]) -> [String: Ballot] {
        Dictionary(uniqueKeysWithValues: choices.enumerated().map { ("h\($0.offset)", $0.element) })
    }

    @Test("majority: more than half of all the households asked, not of those who voted")
    func majority() {
        let asked = households(10)
        #expect(!VoteCount.count(.majority, asked: asked, votes: votes(Array(repeating: .agree, count: 5))).passed, "5 of 10 is half, not more")
        #expect(VoteCount.count(.majority, asked: asked, votes: votes(Array(repeating: .agree, count: 6))).passed)
        #expect(!VoteCount.count(.majority, asked: asked, votes: votes([.agree, .agree, .agree])).passed, "3 agree, 0 against, 7 silent")
    }

    @Test("participation (双三分之二): exactly 2/3 of the households and of the area takes part; one short misses the quorum")
    func quorumEdges() {
        // 30 households of 100 m² (3,000 m²): 20 taking part are exactly 2/3 of both.
        let asked = households(30)
        let twenty = VoteCount.count(.doubleMajority, asked: asked, votes: votes(Array(repeating: .agree, count: 20)))
        #expect(twenty.tally.quorum && twenty.passed && twenty.tally.participatingArea == 2_000 && twenty.tally.area == 3_000)
        let nineteen = VoteCount.count(.doubleMajority, asked: asked, votes: votes(Array(repeating: .agree, count: 19)))
        #expect(!nineteen.tally.quorum && !nineteen.passed)
        // Heads met, area not: 20 of 30 households take part, but the 10 who stay away hold most of the area.
        var weighted = households(20, area: 50) + (20..<30).map { Voter(household: "h\($0)", area: 300) }   // 1,000 + 3,000 m²
        var twoThirdsOfHeads = VoteCount.count(.doubleMajority, asked: weighted, votes: votes(Array(repeating: .agree, count: 20)))
        #expect(!twoThirdsOfHeads.tally.quorum, "20 of 30 heads but 1,000 of 4,000 m²")
        // Area to the hundredth: 2/3 of 300.00 m² is 200.00 m² — 199.99 + 0.01 meets it, 199.98 + 0.01 does not.
        let met = [Voter(household: "h0", area: 199.99), Voter(household: "h1", area: 0.01), Voter(household: "h2", area: 100)]
        #expect(VoteCount.count(.doubleMajority, asked: met, votes: ["h0": .agree, "h1": .agree]).tally.quorum)
        let missed = [Voter(household: "h0", area: 199.98), Voter(household: "h1", area: 0.01), Voter(household: "h2", area: 100.01)]
        let tally = VoteCount.count(.doubleMajority, asked: missed, votes: ["h0": .agree, "h1": .agree]).tally
        #expect(!tally.quorum && tally.participatingArea == 199.99 && tally.area == 300)
    }

    @Test("双过半: more than half of the participating area and participants; exactly half fails")
    func doubleMajority() {
        let asked = households(30)
        // 24 take part: 12 agree is half — not more than half.
        let half = VoteCount.count(.doubleMajority, asked: asked, votes: votes(Array(repeating: .agree, count: 12) + Array(repeating: .disagree, count: 12)))
        #expect(half.tally.quorum && !half.passed)
        let more = VoteCount.count(.doubleMajority, asked: asked, votes: votes(Array(repeating: .agree, count: 13) + Array(repeating: .disagree, count: 11)))
        #expect(more.passed)
        // Abstaining takes part and does not agree: 12 agree, 11 against, 1 abstains → 12 of 24 is not more than half.
        let abstained = VoteCount.count(.doubleMajority, asked: asked, votes: votes(Array(repeating: .agree, count: 12) + Array(repeating: .disagree, count: 11) + [.abstain]))
        #expect(!abstained.passed && abstained.tally.abstain == 1 && abstained.tally.participants == 24)
    }

    @Test("双四分之三 (加装电梯): exactly 3/4 of the participants and of the area passes; a head short fails")
    func threeQuarters() {
        let asked = households(30)
        // 24 take part: 18 agree is exactly 3/4.
        let exact = VoteCount.count(.doubleThreeQuarters, asked: asked, votes: votes(Array(repeating: .agree, count: 18) + Array(repeating: .disagree, count: 6)))
        #expect(exact.passed && exact.tally.agreeArea == 1_800 && exact.tally.participatingArea == 2_400)
        let short = VoteCount.count(.doubleThreeQuarters, asked: asked, votes: votes(Array(repeating: .agree, count: 17) + Array(repeating: .disagree, count: 7)))
        #expect(!short.passed)
        #expect(VoteCount.count(.doubleMajority, asked: asked, votes: votes(Array(repeating: .agree, count: 17) + Array(repeating: .disagree, count: 7))).passed,
                "the same vote passes an ordinary owners' matter")
        // Heads met, area not: the 6 against own the big flats.
        let big = (0..<24).map { Voter(household: "h\($0)", area: $0 < 18 ? 80 : 200) } + (24..<30).map { Voter(household: "h\($0)", area: 10) }
        let byArea = VoteCount.count(.doubleThreeQuarters, asked: big, votes: votes(Array(repeating: .agree, count: 18) + Array(repeating: .disagree, count: 6)))
        #expect(byArea.tally.quorum && !byArea.passed, "18 of 24 heads, but 1,440 of 2,640 m²")
    }
}

extension Ballot {
    static let agree = Ballot(.agree), disagree = Ballot(.disagree), abstain = Ballot(.abstain)
}

@Suite("A question with options (选聘物业): one option per household, chosen when it alone meets the rule")
struct OptionVoteTests {
    let options = ["甲物业", "乙物业", "丙物业"]
    func households(_ n: Int, area: Double = 100) -> [Voter] { (0..<n).map { Voter(household: "h\($0)", area: area) } }
    func votes(_ ballots: [Ballot]) -> [String: Ballot] {
        Dictionary(uniqueKeysWithValues: ballots.enumerated().map { ("h\($0.offset)", $0.element) })
    }
    func times(_ n: Int, _ ballot: Ballot) -> [Ballot] { Array(repeating: ballot, count: n) }

    @Test("双过半 among options: more than half of the participants and their area for one option; a plurality is not enough")
    func doubleMajority() {
        let asked = households(30)
        let chosen = VoteCount.count(.doubleMajority, asked: asked, votes: votes(times(13, .option("乙物业")) + times(9, .option("甲物业")) + times(2, .abstain)),
                                     options: options)
        #expect(chosen.passed && chosen.chosen == "乙物业" && chosen.tally.participants == 24)
        #expect(chosen.tally.options == [OptionTally(option: "甲物业", households: 9, area: 900), OptionTally(option: "乙物业", households: 13, area: 1_300),
                                         OptionTally(option: "丙物业", households: 0, area: 0)], "every option counted, in the question's order")
        #expect((chosen.tally.agree, chosen.tally.disagree, chosen.tally.abstain) == (0, 0, 2))
        // 12 of 24 is half, not more: the most votes do not choose.
        let plurality = VoteCount.count(.doubleMajority, asked: asked, votes: votes(times(12, .option("乙物业")) + times(8, .option("甲物业"))
                                                                                    + times(4, .option("丙物业"))), options: options)
        #expect(plurality.tally.quorum && !plurality.passed && plurality.chosen == nil)
        let quorumMissed = VoteCount.count(.doubleMajority, asked: asked, votes: votes(times(19, .option("甲物业"))), options: options)
        #expect(!quorumMissed.tally.quorum && quorumMissed.chosen == nil, "19 of 30 take part")
        // Heads for 乙, area not: 13 small flats choose 乙, 11 big ones 甲.
        let weighted = (0..<13).map { Voter(household: "h\($0)", area: 50) } + (13..<30).map { Voter(household: "h\($0)", area: 150) }
        let byArea = VoteCount.count(.doubleMajority, asked: weighted, votes: votes(times(13, .option("乙物业")) + times(11, .option("甲物业"))), options: options)
        #expect(byArea.tally.quorum && byArea.chosen == nil, "13 of 24 heads but 650 of 2,300 m²")
    }

    @Test("majority among options: more than half of all the households asked")
    func majority() {
        let asked = households(10)
        #expect(VoteCount.count(.majority, asked: asked, votes: votes(times(6, .option("丙物业"))), options: options).chosen == "丙物业")
        #expect(VoteCount.count(.majority, asked: asked, votes: votes(times(5, .option("丙物业"))), options: options).chosen == nil, "5 of 10")
    }

    @Test("a ballot fits its question: an offered option or abstain on options, agree/disagree/abstain on yes/no; options 2–9, different")
    func ballots() throws {
        func cast(_ choice: VoteChoice?, _ option: String?, _ options: [String]?) throws(Refused) -> Ballot {
            try Ballot.cast(VoteCommand(command: "v", proposal: "p", household: "h", voter: "r", choice: choice, option: option), options: options)
        }
        #expect(try cast(nil, "乙物业", options) == .option("乙物业") && (try cast(.abstain, nil, options)) == .abstain)
        #expect(try cast(.disagree, nil, nil) == .disagree)
        #expect(throws: Refused(.invalidBallot, "'丁物业' is not an option of this question (甲物业, 乙物业, 丙物业)")) { try cast(nil, "丁物业", options) }
        #expect(throws: Refused(.invalidBallot, "this question is answered by one of its options (甲物业, 乙物业, 丙物业) or abstain")) {
            try cast(.agree, nil, options)
        }
        #expect(throws: Refused(.invalidBallot, "this question has no options: vote agree, disagree or abstain")) { try cast(nil, "甲物业", nil) }
        #expect(throws: Refused(.invalidBallot, "a vote names exactly one of 'choice' and 'option'")) { try cast(.abstain, "甲物业", options) }
        #expect(throws: Refused(.invalidBallot, "a vote names exactly one of 'choice' and 'option'")) { try cast(nil, nil, options) }
        #expect(try Ballot.options([" 甲物业", "乙物业 "]) == ["甲物业", "乙物业"])
        for bad in [["甲物业"], ["甲物业", "甲物业 "], ["甲物业", ""], (1...10).map(String.init)] {
            #expect(throws: Refused(.invalidProposal, "'options' must be 2 to 9 different labels of 1–100 characters")) { try Ballot.options(bad) }
        }
    }
}

@Suite("Deliberation's decisions: who opens, who votes, when it closes")
struct DeliberationDeskTests {
    let city = try! City.demo()
    let now = Date(timeIntervalSince1970: 1_795_395_600)

    var registry: [City.Household] {
        (1...6).map { City.Household(id: "c01-3-\($0)", community: "c01", building: $0 <= 4 ? "3" : "5", representative: $0 == 1 ? "r-001" : nil, area: 90) }
    }

    func open(_ changes: (inout ProposalCommand) -> Void = { _ in }) throws(Refused) -> ProposalDecision {
        var command = ProposalCommand(command: "p", staff: "co-c01", proposal: "lift-3", action: .open, community: "c01", building: "3",
                                      question: "3号楼加装电梯", rule: .doubleThreeQuarters, closesAt: now.addingTimeInterval(86_400))
        changes(&command)
        return try DeliberationDesk(city: city).open(command, existing: nil, registry: registry, now: now)
    }

    @Test("the community office opens a building's vote to its households; others are refused with the reason")
    func opening() throws {
        let opened = try open()
        #expect(opened.roll.map(\.household) == ["c01-3-1", "c01-3-2", "c01-3-3", "c01-3-4"])
        #expect(opened.emissions.map(\.event.topic.name) == ["deliberation.opened.s01.c01"])
        #expect((opened.emissions.first?.event as? DeliberationOpened)?.representatives == ["r-001"], "who notification tells")
        #expect(DeliberationDesk.representatives(of: ["r-2", nil, "r-1", "r-2"].enumerated().map {
            Voter(household: "h\($0.offset)", area: 90, representative: $0.element)
        }) == ["r-1", "r-2"], "each once, sorted")
        #expect(DeliberationDesk.representatives(of: [Voter(household: "h", area: 90, representative: nil)]) == nil)
        let choice = try open { $0.options = ["甲物业", "乙物业"] }
        #expect(choice.file.options == ["甲物业", "乙物业"] && (choice.emissions.first?.event as? DeliberationOpened)?.options == ["甲物业", "乙物业"])
        #expect(throws: Refused(.invalidProposal, "'options' must be 2 to 9 different labels of 1–100 characters")) { try open { $0.options = ["甲物业"] } }
        #expect(try open { $0.building = nil }.roll.count == 6)
        #expect(throws: Refused(.notYourCase, "community c01 lies outside co-c02's community c02")) { try open { $0.staff = "co-c02" } }
        #expect((try? open { $0.staff = "so-s01" }) != nil, "the street office may")
        #expect(throws: Refused(.notYourCase, "community c01 lies outside gw-g01's grid g01")) { try open { $0.staff = "gw-g01" } }
        #expect(throws: Refused(.unknownStaff, "'r-001' is not an office of the city")) { try open { $0.staff = "r-001" } }
        #expect(throws: Refused(.invalidProposal, "'closesAt' must be after now and within a year")) { try open { $0.closesAt = now } }
        #expect(throws: Refused(.invalidProposal, "nobody to ask: no household is registered in c01 building 9")) { try open { $0.building = "9" } }
        #expect(throws: Refused(.missingDetail, "opening a proposal needs a 'rule': majority, double-majority or double-three-quarters")) {
            try open { $0.rule = nil }
        }
    }

    @Test("a vote: one per household, changeable unless the proposal says not, by its representative, refused once closed")
    func voting() throws {
        let file = try open().file
        let voter = Voter(household: "c01-3-1", area: 90, representative: "r-001")
        func vote(_ file: ProposalFile, _ voter: Voter?, by resident: String = "r-001", previous: Ballot? = nil, at time: Date? = nil) throws(Refused) -> VoteDecision {
            try DeliberationDesk.vote(VoteCommand(command: "v", proposal: file.proposal, household: "c01-3-1", voter: resident, choice: .agree),
                                      proposal: file, voter: voter, previous: previous, now: time ?? now)
        }
        #expect(try vote(file, voter).ballot == .agree)
        #expect(try vote(file, voter, previous: .disagree).ballot == .agree, "changing a vote replaces it")
        var final = file
        final.changeable = false
        #expect(throws: Refused(.alreadyVoted, "household c01-3-1 voted already and lift-3 does not let a vote change")) {
            try vote(final, voter, previous: .agree)
        }
        #expect(throws: Refused(.notAHousehold, "'r-009' does not vote for household c01-3-1")) { try vote(file, voter, by: "r-009") }
        #expect(throws: Refused(.notAHousehold, "household 'c01-3-1' is not asked by lift-3")) { try vote(file, nil) }
        #expect(throws: Refused(.voteClosed, "the vote on lift-3 has closed")) { try vote(file, voter, at: file.closesAt!) }
    }

    @Test("a question with options closes with the option chosen, in the file and the event")
    func closingWithOptions() throws {
        let opened = try open { ($0.options, $0.rule) = (["甲物业", "乙物业"], .majority) }
        let votes: [String: Ballot] = ["c01-3-1": .option("乙物业"), "c01-3-2": .option("乙物业"), "c01-3-3": .option("乙物业"), "c01-3-4": .option("甲物业")]
        let decided = try DeliberationDesk(city: city).close(ProposalCommand(command: "c", staff: "co-c01", proposal: "lift-3", action: .close),
                                                              proposal: opened.file, asked: opened.roll, votes: votes, now: now)
        #expect(decided.file.chosen == "乙物业" && decided.file.passed == true)
        #expect((decided.emissions.first?.event as? DeliberationDecided)?.chosen == "乙物业")
        #expect((decided.emissions.first?.event as? DeliberationDecided)?.tally.options?.map(\.households) == [1, 3])
    }

    @Test("closing counts once: by the office or at the closing time, not before it and never twice")
    func closing() throws {
        let desk = DeliberationDesk(city: city)
        let opened = try open()
        let votes: [String: Ballot] = ["c01-3-1": .agree, "c01-3-2": .agree, "c01-3-3": .agree, "c01-3-4": .disagree]
        #expect(desk.closingTimePassed(opened.file, asked: opened.roll, votes: votes, now: now) == nil)
        let decided = try #require(desk.closingTimePassed(opened.file, asked: opened.roll, votes: votes, now: opened.file.closesAt!))
        #expect(decided.file.status == .decided && decided.file.passed == true && decided.file.tally?.agree == 3)
        #expect(decided.emissions.map(\.id) == ["lift-3-decided"])
        #expect(desk.closingTimePassed(decided.file, asked: opened.roll, votes: votes, now: opened.file.closesAt!) == nil)
        let close = ProposalCommand(command: "c", staff: "co-c01", proposal: "lift-3", action: .close)
        #expect(throws: Refused(.invalidTransition, "the vote on lift-3 closed already")) {
            try desk.close(close, proposal: decided.file, asked: opened.roll, votes: votes, now: now)
        }
        let early = try desk.close(close, proposal: opened.file, asked: opened.roll, votes: ["c01-3-1": .agree], now: now)
        #expect(early.file.passed == false && early.file.tally?.quorum == false, "1 of 4 households took part")
    }
}

@Suite("The household registry's decisions")
struct HouseholdDeskTests {
    let desk = HouseholdDesk(city: try! City.demo())

    func register(_ changes: (inout HouseholdCommand) -> Void = { _ in }) throws(Refused) -> HouseholdDecision {
        var command = HouseholdCommand(command: "h", staff: "co-c01", household: "c01-3-1-107", action: .register, community: "c01",
                                       building: "3", unit: "1", door: "107", representative: "r-001", area: 92.4)
        changes(&command)
        return try desk.decide(command, existing: nil)
    }

    @Test("an office registers its community's households; a wrong entry is refused with what is wrong")
    func registering() throws {
        #expect(try register() == .register(City.Household(id: "c01-3-1-107", community: "c01", building: "3", unit: "1", door: "107",
                                                            representative: "r-001", area: 92.4)))
        #expect(throws: Refused(.invalidHousehold, "household c01-3-1-107 needs an exclusive 'area' in m² above 0")) { try register { $0.area = 0 } }
        #expect(throws: Refused(.invalidHousehold, "a household id is 1–64 of a-z, 0-9, - and _")) { try register { $0.household = "3号楼" } }
        #expect(throws: Refused(.invalidHousehold, "household c01-3-1-107 needs a 'building' of 1–32 characters")) { try register { $0.building = " " } }
        #expect(throws: Refused(.invalidHousehold, "'c99' is not a community of the city")) { try register { $0.community = "c99" } }
        #expect(throws: Refused(.notYourCase, "community c01 lies outside co-c02's community c02")) { try register { $0.staff = "co-c02" } }
    }

    @Test("moving a household to another community needs both; retiring needs it registered")
    func movingAndRetiring() throws {
        let existing = City.Household(id: "h1", community: "c02", building: "8", area: 70)
        #expect(throws: Refused(.notYourCase, "community c02 lies outside co-c01's community c01")) {
            try desk.decide(HouseholdCommand(command: "m", staff: "co-c01", household: "h1", action: .register, community: "c01", building: "3",
                                             area: 70), existing: existing)
        }
        #expect(try desk.decide(HouseholdCommand(command: "r", staff: "co-c02", household: "h1", action: .retire), existing: existing) == .retire("h1"))
        #expect(throws: Refused(.notAHousehold, "no household 'h1' is registered")) {
            try desk.decide(HouseholdCommand(command: "r", staff: "co-c02", household: "h1", action: .retire), existing: nil)
        }
    }
}
