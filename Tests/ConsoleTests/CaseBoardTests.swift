import CityModel
import Contracts
import Foundation
import Testing
import Timekeeping
import WhistleConsoleDomain

/// A case's life as the console hears it: intake's report and dispatch's steps, in whatever order the two producers' events arrive.
enum Ladder {
    static let city = try! City.demo()
    static let g01 = GridLocation(street: "s01", community: "c01", grid: "g01")
    static let g04 = GridLocation(street: "s01", community: "c02", grid: "g04")
    static let start = Date(timeIntervalSince1970: 1_795_395_600)

    static func report(_ caseID: String, at location: GridLocation = g01) -> CaseReported {
        CaseReported(caseID: caseID, category: "gkpw", categoryName: "高空抛物", priority: .high, level: .community, dispute: false, location: location,
                     description: "7楼往下扔花盆", origin: .resident, source: SourceEvent(source: "/apps/resident/r-001", id: caseID, type: "whistle.report.resident"),
                     reporter: "r-001")
    }

    static func step<Detail: CaseStepDetail>(_ caseID: String, _ status: CaseStatus, _ detail: Detail, at location: GridLocation = g01) -> StepFacts {
        StepFacts(CaseStep(caseID: caseID, status: status, category: "gkpw", location: location, reporter: "r-001", detail: detail))
    }

    /// Assigned to the community, escalated to the street, reminded, overdue, 城管 summoned, closed.
    static func steps(_ caseID: String) -> [StepFacts] {
        [step(caseID, .assigned, Assigned(task: "\(caseID)-community", kind: .community, holder: PersonRef(id: "co-c01", name: "中山社区居委会"),
                                          level: .community, handleBy: start)),
         step(caseID, .assigned, Escalated(from: .community, to: .street, reason: "beyond the community", by: "co-c01")),
         step(caseID, .assigned, Reminded(task: "\(caseID)-street", department: "street", stage: .handle, dueAt: start, supervisor: nil)),
         step(caseID, .assigned, WentOverdue(task: "\(caseID)-street", department: "street", stage: .handle, dueAt: start, supervisor: nil)),
         step(caseID, .dispatched, Summoned(task: "\(caseID)-cg", department: "cg", by: "so-s01")),
         step(caseID, .reopened, Reminded(task: "\(caseID)-cg", department: "cg", stage: .handle, dueAt: start, supervisor: nil)),
         step(caseID, .closed, Closed(outcome: .rated, level: .street, by: "r-001", reason: nil))]
    }
}

@Suite("The board follows a case from intake's report and dispatch's steps")
struct CaseBoardTests {
    @Test("a department given a task on the case is among its holders — once — and so sees it, whether its task came before the case's row or after")
    func givenTasks() {
        let city = Ladder.city
        let made = CaseBoard.reported(Ladder.report("a"), onto: nil, given: ["cg"], at: Ladder.start).row
        #expect(made.holders == ["cg"] && Viewer(identity: "cg", role: "department", city: city).sees(made))
        let later = CaseBoard.given(to: "wy", onto: made)
        #expect(later?.holders == ["cg", "wy"] && CaseBoard.given(to: "cg", onto: made) == nil)
        #expect(!Viewer(identity: "pcs", role: "department", city: city).sees(made))
    }

    @Test("in order: the rung it climbed, the worst light it showed, who was given a task, closed; a line per event")
    func inOrder() {
        var row: BoardCase?
        var lines: [BoardStep] = []
        let report = CaseBoard.reported(Ladder.report("c-1"), onto: nil, at: Ladder.start)
        (row, lines) = (report.row, [report.step])
        var shown: [(HandlingLevel, Light, CaseStatus)] = []
        for (index, facts) in Ladder.steps("c-1").enumerated() {
            let change = CaseBoard.stepped(facts, onto: row, city: Ladder.city, at: Ladder.start.addingTimeInterval(Double(index + 1)))
            (row, lines) = (change.row, lines + [change.step])
            shown.append((change.row.level, change.row.light, change.row.status))
        }
        #expect(shown.map(\.0) == [.community, .street, .street, .street, .street, .street, .street])
        #expect(shown.map(\.1) == [.green, .green, .yellow, .red, .red, .red, .red], "a later reminder does not lower a red light")
        #expect(row?.holders == ["co-c01", "cg"] && row?.status == .closed && row?.isOpen == false)
        #expect(row?.description == "7楼往下扔花盆" && row?.reportHeard == true)
        #expect(lines.map(\.action) == ["reported", "assigned", "escalated", "reminded", "overdue", "summoned", "reminded", "closed"])
        #expect(lines[2].by == "co-c01" && lines[5].by == "so-s01")
    }

    @Test("dispatch's steps heard before intake's report end in the same row, reported when the report says")
    func stepsFirst() {
        var early: BoardCase?
        for (index, facts) in Ladder.steps("c-2").prefix(5).enumerated() {
            early = CaseBoard.stepped(facts, onto: early, city: Ladder.city, at: Ladder.start.addingTimeInterval(Double(index + 1))).row
        }
        #expect(early?.reportHeard == false && early?.categoryName == "高空抛物", "the category's name from the city until the report comes")
        let completed = CaseBoard.reported(Ladder.report("c-2"), onto: early, at: Ladder.start).row
        var inOrder = CaseBoard.reported(Ladder.report("c-2"), onto: nil, at: Ladder.start).row
        for (index, facts) in Ladder.steps("c-2").prefix(5).enumerated() {
            inOrder = CaseBoard.stepped(facts, onto: inOrder, city: Ladder.city, at: Ladder.start.addingTimeInterval(Double(index + 1))).row
        }
        #expect(completed == inOrder)
    }
}

@Suite("Who sees what, and the filters")
struct ViewerTests {
    let inC01 = CaseBoard.reported(Ladder.report("a"), onto: nil, at: Ladder.start).row
    let inC02 = CaseBoard.reported(Ladder.report("b", at: Ladder.g04), onto: nil, at: Ladder.start).row

    @Test("an office its community, a grid worker its grid, a department the cases it holds a task on, an integrator or a mediator none")
    func areas() {
        let city = Ladder.city
        #expect(Viewer(identity: "co-c01", role: "staff", city: city).sees(inC01) && !Viewer(identity: "co-c01", role: "staff", city: city).sees(inC02))
        #expect(Viewer(identity: "gw-g04", role: "staff", city: city).sees(inC02) && !Viewer(identity: "gw-g04", role: "staff", city: city).sees(inC01))
        #expect(Viewer(identity: "so-s01", role: "staff", city: city).sees(inC01) && Viewer(identity: "operator", role: "operator", city: city).sees(inC02))
        var held = inC01
        held.holders = ["cg"]
        #expect(Viewer(identity: "cg", role: "department", city: city).sees(held) && !Viewer(identity: "wy", role: "department", city: city).sees(held))
        #expect(!Viewer(identity: "resident-app", role: "integrator", city: city).sees(inC01))
        #expect(!Viewer(identity: "med-g01", role: "staff", city: city).sees(inC01))
        #expect(Viewer(identity: "co-c01", role: "staff", city: city).refusal(inC02) == "case b lies in g04 (c02, s01), outside co-c01's community c01")
    }

    @Test("the map: every grid for the operator, three for a community office, shaded by their open cases' worst light")
    func map() {
        let city = Ladder.city
        let shades = ["g01": CityMap.Shade(openCases: 2, light: .red)]
        let all = CityMap(city: city, viewer: Viewer(identity: "operator", role: "operator", city: city), open: shades)
        #expect(all.grids.count == 12 && all.width == 1000)
        #expect(all.grids.first { $0.code == "g01" }.map { ($0.openCases, $0.light) } ?? (0, nil) == (2, .red))
        let c01 = CityMap(city: city, viewer: Viewer(identity: "co-c01", role: "staff", city: city), open: [:])
        #expect(c01.grids.map(\.code) == ["g01", "g02", "g03"] && c01.grids.allSatisfy { $0.light == nil })
    }

    @Test("a filter naming nothing is refused with what it may be; closed cases only when asked")
    func filters() throws {
        let city = Ladder.city
        #expect(throws: CaseFilter.Invalid(message: "light 'purple' is not one of: green, yellow, red")) { try CaseFilter(["light": "purple"], city: city) }
        #expect(throws: CaseFilter.Invalid(message: "area 'x9' is no street, community or grid of the city")) { try CaseFilter(["area": "x9"], city: city) }
        #expect(throws: CaseFilter.Invalid(message: "category 'nope' is not one of the city's")) { try CaseFilter(["category": "nope"], city: city) }
        let c02 = try CaseFilter(["area": "c02", "level": "community"], city: city)
        #expect(c02.admits(inC02) && !c02.admits(inC01))
        var closed = inC01
        closed.status = .closed
        let all = try CaseFilter(["open": "all"], city: city), onlyClosed = try CaseFilter(["status": "closed"], city: city)
        #expect(!CaseFilter().admits(closed) && all.admits(closed) && onlyClosed.admits(closed))
    }
}

@Suite("The mediation board: a dispute's tier, mediator, last step and time limit from mediation's events")
struct MediationBoardTests {
    let city = Ladder.city
    let g03 = GridLocation(street: "s01", community: "c01", grid: "g03")
    let gridMediator = PersonRef(id: "med-g03", name: "网格调解员"), committee = PersonRef(id: "med-c01", name: "社区调解委员会")

    @Test("opened at the grid tier with the category's limit on the city's calendar; escalated, extended, concluded and reopened move it")
    func tiers() throws {
        let opened = MediationOpened(mediation: "m-a", caseID: "a", category: "fljf", level: .grid, location: g03, mediator: gridMediator,
                                     reporter: nil, description: nil)
        var row = MediationBoard.opened(opened, city: city, at: Ladder.start)
        #expect(row.dueAt == city.calendar.deadline(from: Ladder.start, adding: city.mediationLimit(for: "fljf")) && row.dueAt > Ladder.start)
        #expect(row.level == .grid && row.mediatorID == "med-g03" && row.isOpen && row.light(at: Ladder.start) == .green)
        let span = row.dueAt.timeIntervalSince(row.tierStartedAt)
        #expect(row.light(at: Ladder.start.addingTimeInterval(span * 0.79)) == .green)
        #expect(row.light(at: Ladder.start.addingTimeInterval(span * 0.8)) == .yellow && row.light(at: row.dueAt) == .red)

        let later = Ladder.start.addingTimeInterval(3600), due = Ladder.start.addingTimeInterval(86_400 * 20)
        row = MediationBoard.escalated(MediationEscalated(mediation: "m-a", caseID: "a", from: .grid, level: .community, location: g03, mediator: committee,
                                                          previous: gridMediator, reason: .failed, dueAt: due, note: nil), onto: row, at: later)
        #expect(row.level == .community && row.mediatorID == "med-c01" && row.tierStartedAt == later && row.dueAt == due && row.lastStep == "escalated")
        let extended = Ladder.start.addingTimeInterval(86_400 * 30)
        row = MediationBoard.progressed(progress(.extended, dueAt: extended), onto: row, at: later)
        #expect(row.dueAt == extended && row.tierStartedAt == later, "an extension moves the limit, not the start")
        row = MediationBoard.progressed(progress(.sealed, dueAt: Ladder.start.addingTimeInterval(86_400 * 60)), onto: row, at: later)
        #expect(row.dueAt == extended, "a sealed agreement's date is the confirmation window's, not the tier's")
        row = MediationBoard.concluded(MediationConcluded(mediation: "m-a", caseID: "a", outcome: .agreed, location: g03, mediator: committee,
                                                          note: nil, referral: nil), onto: row, at: later)
        #expect(!row.isOpen && row.lastStep == "agreed" && row.light(at: extended.addingTimeInterval(1)) == .green)
        let reopenedDue = Ladder.start.addingTimeInterval(86_400 * 90)
        row = MediationBoard.progressed(progress(.reopened, dueAt: reopenedDue), onto: row, at: extended)
        #expect(row.isOpen && row.dueAt == reopenedDue && row.tierStartedAt == extended)
    }

    @Test("a step whose opening the board never heard starts the row from the event's own place and mediator")
    func missingOpening() {
        let row = MediationBoard.progressed(progress(.accepted, dueAt: nil), onto: nil, at: Ladder.start)
        #expect(row.mediation == "m-a" && row.caseID == "a" && row.location == g03 && row.level == .community && row.lastStep == "accepted")
    }

    func progress(_ step: MediationStep, dueAt: Date?) -> MediationProgressed {
        MediationProgressed(mediation: "m-a", caseID: "a", step: step, level: .community, location: g03, mediator: committee, dueAt: dueAt)
    }
}

@Suite("The deliberation board: a proposal's step and result from mediation's events, and whose it is to see")
struct DeliberationBoardTests {
    let tally = VoteTally(households: 30, participants: 6, agree: 4, disagree: 1, abstain: 1, area: 2516.45, participatingArea: 500.55,
                          agreeArea: 329.59, disagreeArea: 84.11, abstainArea: 86.85, quorum: false)

    @Test("proposed, then voting once opened, decided with its tally, carried out and evaluated; a row starts from whichever event comes first")
    func steps() throws {
        let proposed = DeliberationProgressed(proposal: "lift-3", area: Area(street: "s01", community: "c01"), question: "3号楼加装电梯",
                                              step: .proposed, building: "3", proposedBy: "代表")
        var row = DeliberationBoard.progressed(proposed, onto: nil, at: Ladder.start)
        #expect(row.status == .proposed && row.lastStep == "proposed" && row.tally == nil)
        let closes = Ladder.start.addingTimeInterval(3600)
        row = DeliberationBoard.opened(DeliberationOpened(proposal: "lift-3", street: "s01", community: "c01", building: "3", question: "3号楼加装电梯",
                                                          proposedBy: nil, rule: .doubleThreeQuarters, closesAt: closes, households: 30, area: 2516.45),
                                       onto: row, at: Ladder.start)
        #expect(row.status == .voting && row.closesAt == closes && row.households == 30 && row.rule == .doubleThreeQuarters)
        row = DeliberationBoard.decided(DeliberationDecided(proposal: "lift-3", street: "s01", community: "c01", building: "3", question: "3号楼加装电梯",
                                                            rule: .doubleThreeQuarters, passed: false, tally: tally, closedAt: closes), onto: row, at: closes)
        #expect(row.status == .decided && row.passed == false && row.tally == tally)
        row = DeliberationBoard.progressed(DeliberationProgressed(proposal: "lift-3", area: Area(street: "s01", community: "c01"),
                                                                  question: "3号楼加装电梯", step: .task, building: "3"), onto: row, at: closes)
        #expect(row.status == .carryingOut && row.tally == tally, "a later step keeps the result")
        let decidedFirst = DeliberationBoard.decided(DeliberationDecided(proposal: "x", street: "s01", community: "c01", building: nil, question: "q",
                                                                         rule: .majority, passed: true, tally: tally, closedAt: closes), onto: nil, at: closes)
        #expect(decidedFirst.status == .decided && decidedFirst.households == 30)
    }

    @Test("proposals are a community's: its office, its street's office, its grid workers and the centre see them; a department and another community do not")
    func scope() {
        let city = Ladder.city
        let proposal = BoardProposal(proposal: "lift-3", street: "s01", community: "c01", question: "q", building: nil, status: .voting, lastStep: "opened",
                                     rule: nil, closesAt: nil, households: nil, area: nil, passed: nil, chosen: nil, tally: nil, updatedAt: Ladder.start)
        for (identity, role, sees) in [("co-c01", "staff", true), ("so-s01", "staff", true), ("gw-g01", "staff", true), ("operator", "operator", true),
                                       ("co-c02", "staff", false), ("gw-g04", "staff", false), ("cg", "department", false)] {
            #expect(Viewer(identity: identity, role: role, city: city).sees(proposal: proposal) == sees, "\(identity)")
        }
        #expect(Viewer(identity: "gw-g01", role: "staff", city: city).proposalScope == .community("c01"))
    }
}
