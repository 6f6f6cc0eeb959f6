import CityModel
import Contracts
import Envelope
import Foundation
import Testing
import Timekeeping
@testable import WhistleDispatch

@Suite("Dispatch's decisions, on a manual clock")
struct DispatchDomainTests {
    let city = try! City.demo()
    let rules = Governance(city: try! City.demo())
    let clock = ManualClock()

    func report(_ category: String, grid: String = "g02", dispute: Bool = false, level: HandlingLevel = .community) -> CaseReported {
        CaseReported(caseID: "intake-1-7", category: category, categoryName: "", priority: .normal, level: level, dispute: dispute,
                     location: city.location(ofGrid: grid)!, description: "d", origin: .resident,
                     source: SourceEvent(source: "/t", id: "e", type: "whistle.report.resident"), reporter: "r-001")
    }

    @Test("a street-level case summons the lead and every assistant, each due to report for duty on the street's limits")
    func routing() {
        let decision = Dispatcher(rules: rules).receive(report("gkpw", level: .street), now: clock.now())
        #expect(decision.file.tasks.map(\.department) == ["cg", "pcs", "wy"])
        #expect(decision.file.tasks.map(\.role) == [.lead, .assist, .assist])
        #expect(decision.file.tasks.allSatisfy { $0.acknowledgeBy == clock.now().addingTimeInterval(1800) }, "gkpw: 30m at the street")
        #expect(decision.file.status == .dispatched && decision.file.steps == 1)
        #expect(decision.emissions.map(\.event.eventType) == ["whistle.task.assigned", "whistle.task.assigned", "whistle.task.assigned",
                                                              "whistle.case.dispatched"])
        #expect(decision.emissions.map(\.id).last == "intake-1-7-s1")
        #expect(decision.history.map(\.at) == [clock.now()], "the step is stamped with the injected clock")
    }

    @Test("a street's route overrides the category's departments; disputes and unrouted cases make no task")
    func routesDisputesUnrouted() {
        let dispatcher = Dispatcher(rules: rules)
        #expect(dispatcher.receive(report("zdjy", grid: "g07", level: .street), now: clock.now()).file.tasks.map(\.department) == ["cg", "scjg", "pcs"])
        let dispute = dispatcher.receive(report("fljf", dispute: true), now: clock.now())
        #expect(dispute.file.tasks.isEmpty && dispute.file.status == .referredToMediation)
        let unknown = dispatcher.receive(report("nosuch"), now: clock.now())
        #expect(unknown.file.status == .unrouted && unknown.emissions.map(\.event.eventType) == ["whistle.case.unrouted"])
    }

    @Test("task steps: the lead's set the case status, an assistant's do not, the last one done completes it; progress is optional and repeatable")
    func taskSteps() throws {
        var file = Dispatcher(rules: rules).receive(report("gkpw", level: .street), now: clock.now()).file
        func apply(_ department: String, _ action: TaskAction, reason: String? = nil) throws -> DispatchDecision {
            let decision = try TaskLifecycle.apply(
                DepartmentCommand(command: "c", department: department, task: "intake-1-7-\(department)", action: action, reason: reason),
                to: file, rules: rules, now: clock.now())
            file = decision.file
            return decision
        }
        clock.advance(by: 30)
        #expect(try apply("pcs", .acknowledge).file.status == .dispatched)
        #expect(try apply("cg", .acknowledge).file.status == .acknowledged)
        #expect(try apply("cg", .complete).file.status == .acknowledged, "straight to complete, no progress needed; the assistants are not done")
        #expect(file.steps == 4 && file.task("intake-1-7-cg")?.updatedAt == clock.now())
        #expect(throws: Refused(.invalidTransition, "a completed task cannot be asked to return")) {
            try apply("cg", .return, reason: "late")
        }
        #expect(throws: Refused(.notYourTask, "this task belongs to another department")) {
            try TaskLifecycle.apply(DepartmentCommand(command: "c", department: "wy", task: "intake-1-7-pcs", action: .progress),
                                    to: file, rules: rules, now: clock.now())
        }
        #expect(try apply("pcs", .progress).file.task("intake-1-7-pcs")?.state == .inProgress)
        #expect(try apply("pcs", .progress).file.task("intake-1-7-pcs")?.state == .inProgress)
        #expect(try apply("pcs", .complete).file.status == .acknowledged)
        _ = try apply("wy", .acknowledge)
        #expect(try apply("wy", .complete).file.status == .completed, "the last department done completes the case")
    }

    @Test("the task state machine", arguments: [
        (TaskState.dispatched, TaskAction.acknowledge, TaskState?.some(.acknowledged)),
        (.dispatched, .complete, nil), (.dispatched, .progress, nil), (.completed, .return, nil),
        (.inProgress, .return, .returned), (.returned, .acknowledge, nil), (.acknowledged, .complete, .completed),
    ])
    func stateMachine(from: TaskState, action: TaskAction, to: TaskState?) {
        #expect(TaskLifecycle.state(after: action, from: from) == to)
    }

    @Test("a dispute's case follows its mediation: mediating, then mediated or failed; nothing else moves it")
    func followsMediation() throws {
        let referred = Dispatcher(rules: rules).receive(report("fljf", dispute: true), now: clock.now()).file
        let location = referred.location
        let mediator = PersonRef(id: "med-g02", name: "李娜")
        let opened = MediationOpened(mediation: "m-intake-1-7", caseID: "intake-1-7", category: "fljf", level: .grid, location: location,
                                     mediator: mediator, reporter: "r-001", description: nil)
        let mediating = try #require(CaseFollowing.opened(opened, file: referred, rules: rules, now: clock.now()))
        #expect(mediating.file.status == .mediating && mediating.emissions.map(\.event.eventType) == ["whistle.case.mediating"])
        let failed = MediationConcluded(mediation: "m-intake-1-7", caseID: "intake-1-7", outcome: .failed, location: location,
                                        mediator: mediator, note: nil, referral: .court)
        let ended = try #require(CaseFollowing.concluded(failed, file: mediating.file, rules: rules, now: clock.now()))
        #expect(ended.file.status == .mediationFailed && ended.emissions.map(\.event.eventType) == ["whistle.case.mediation-failed"])
        #expect(CaseFollowing.concluded(failed, file: ended.file, rules: rules, now: clock.now()) == nil, "a second conclusion changes nothing")
        #expect(CaseFollowing.opened(opened, file: ended.file, rules: rules, now: clock.now()) == nil)
    }

    @Test("a mediation's steps: another mediator is a mediating step by them; an agreement performed closes the case, a broken one reopens it")
    func followsMediationSteps() throws {
        let referred = Dispatcher(rules: rules).receive(report("fljf", dispute: true), now: clock.now()).file
        let location = referred.location
        func progressed(_ step: MediationStep, by mediator: String = "med-g02", performance: Performance? = nil) -> MediationProgressed {
            MediationProgressed(mediation: "m-intake-1-7", caseID: "intake-1-7", step: step, level: .grid, location: location,
                                mediator: PersonRef(id: mediator, name: mediator), performance: performance)
        }
        #expect(CaseFollowing.progressed(progressed(.accepted), file: referred, rules: rules, now: clock.now()) == nil, "not mediating yet")
        let opened = MediationOpened(mediation: "m-intake-1-7", caseID: "intake-1-7", category: "fljf", level: .grid, location: location,
                                     mediator: PersonRef(id: "med-g02", name: "李娜"), reporter: "r-001", description: nil)
        let mediating = try #require(CaseFollowing.opened(opened, file: referred, rules: rules, now: clock.now())).file
        let recused = try #require(CaseFollowing.progressed(progressed(.recused, by: "med-c01-1"), file: mediating, rules: rules, now: clock.now()))
        #expect(recused.history.map(\.action) == ["mediating"] && recused.history.last?.by == "med-c01-1")
        let agreed = MediationConcluded(mediation: "m-intake-1-7", caseID: "intake-1-7", outcome: .agreed, location: location,
                                        mediator: PersonRef(id: "med-c01-1", name: ""), note: nil, referral: nil)
        let mediated = try #require(CaseFollowing.concluded(agreed, file: recused.file, rules: rules, now: clock.now())).file
        let partly = try #require(CaseFollowing.progressed(progressed(.followedUp, performance: .partly), file: mediated, rules: rules, now: clock.now()))
        #expect(partly.file.status == .mediated && partly.emissions.map(\.event.eventType) == ["whistle.case.mediation-progressed"])
        let reopened = try #require(CaseFollowing.progressed(progressed(.reopened), file: mediated, rules: rules, now: clock.now()))
        #expect(reopened.file.status == .mediating)
        let performed = try #require(CaseFollowing.progressed(progressed(.followedUp, performance: .performed), file: mediated, rules: rules, now: clock.now()))
        #expect(performed.file.status == .closed && performed.file.closure == .mediated)
        #expect(performed.emissions.map(\.event.eventType) == ["whistle.case.mediation-progressed", "whistle.case.closed"])
        #expect(CaseFollowing.progressed(progressed(.followedUp, performance: .performed), file: performed.file, rules: rules, now: clock.now()) == nil)
    }

    @Test("a grid worker's patrol report settled on the spot is recorded resolved at grid level, whatever rung its category starts on")
    func patrolSettledOnTheSpot() throws {
        var patrol = report("gkpw", level: .community)
        (patrol.origin, patrol.reporter, patrol.resolvedOnSpot) = (.gridWorker, "gw-g02", true)
        let decision = Dispatcher(rules: rules).receive(patrol, now: clock.now())
        #expect(decision.file.status == .resolved && decision.file.level == .grid && decision.file.resolvedLevel == .grid)
        #expect(decision.emissions.map(\.event.eventType).filter { $0.hasPrefix("whistle.case.") } == ["whistle.case.assigned", "whistle.case.resolved"])
        var unsettled = patrol
        unsettled.resolvedOnSpot = nil
        #expect(Dispatcher(rules: rules).receive(unsettled, now: clock.now()).file.status != .resolved)
        var claimed = patrol
        claimed.origin = .resident
        #expect(Dispatcher(rules: rules).receive(claimed, now: clock.now()).file.status != .resolved, "only a grid worker settles on the spot")
    }

    @Test("a device's return to normal is a note on its case that moves nothing; a closed case takes none")
    func deviceCleared() throws {
        let open = Dispatcher(rules: rules).receive(report("ls", level: .grid), now: clock.now()).file
        let cleared = DeviceCleared(caseID: open.caseID, device: "sj-1", location: open.location, reading: 0.01, note: "设备 sj-1 报告恢复正常")
        let noted = try #require(CaseFollowing.deviceCleared(cleared, file: open, rules: rules, now: clock.now()))
        #expect(noted.file.status == open.status && noted.file.level == open.level && noted.file.tasks == open.tasks)
        #expect(noted.emissions.map(\.event.eventType) == ["whistle.case.annotated"])
        var closed = open
        closed.status = .closed
        #expect(CaseFollowing.deviceCleared(cleared, file: closed, rules: rules, now: clock.now()) == nil)
    }
}
