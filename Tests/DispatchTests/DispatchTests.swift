import Contracts
import Envelope
import Foundation
import Messaging
import ServiceKit
import SuiteTestKit
import Testing
import TestKit
import WhistleIntake
import WhistleDispatch

@Suite("Dispatch: cases up the ladder to departments and back", .serialized)
struct DispatchTests {
    /// Intake and dispatch in this process, with one grid-level case reported, escalated by the grid's
    /// worker and the whistle blown by the community office, and its `department`'s task dispatched.
    func suiteWithTask(_ id: String, _ category: String, grid: String, community: String, department: String) async throws
        -> (suite: InProcessSuite, caseID: String, task: String) {
        let suite = try await InProcessSuite([.intake, .dispatch])
        let caseID = try await suite.report(id, category: category, grid: grid)
        try await eventually("the grid's worker has it") { try suite.caseView(caseID)?.status == .assigned }
        #expect(try await suite.staff("gw-\(grid)", .escalate, caseID, reason: "needs departments").state == "assigned")
        #expect(try await suite.staff("co-\(community)", .whistle, caseID).state == "dispatched")
        let task = "\(caseID)-\(department)"
        #expect(try suite.dispatch!.store.state(ofTask: task) == .dispatched)
        return (suite, caseID, task)
    }

    @Test("a 高空抛物 report is the community office's task; its whistle summons 城管 (lead), 派出所 and 物业 on their own topics")
    func reportIsDispatched() async throws {
        let suite = try await InProcessSuite([.intake, .dispatch])
        let caseID = try await suite.report("r1", category: "gkpw", grid: "g02")
        try await eventually("the community office's task is published") { suite.seen.on(Topics.tasks).count == 1 }
        #expect(suite.seen.on(Topics.tasks).map(\.topic) == ["task.co-c01.s01.c01.g02"])
        #expect(try await suite.staff("gw-g02", .whistle, caseID).error == .notAtThisLevel)
        #expect(try await suite.staff("co-c01", .whistle, caseID).state == "dispatched")
        try await eventually("three tasks are published and one withdrawn") { suite.seen.on(Topics.tasks).count == 5 }
        #expect(Set(suite.seen.on(Topics.tasks).map(\.topic).suffix(3)) == ["task.cg.s01.c01.g02", "task.pcs.s01.c01.g02", "task.wy.s01.c01.g02"])
        let lead = try #require(suite.seen.events(TaskAssigned.self).first { $0.role == .lead && $0.kind == .department })
        #expect(lead.department == "cg" && lead.task == "\(caseID)-cg" && lead.caseID == caseID && lead.grid == "g02" && lead.level == .community)
        try await eventually("the steps are published") { suite.seen.steps(of: caseID) == ["whistle.case.assigned", "whistle.case.dispatched"] }
        #expect(try suite.caseView(caseID)?.history.map(\.action) == ["assigned", "dispatched"])
        #expect(try suite.caseView(caseID)?.history.last?.by == "co-c01")
        await suite.stop()
    }

    @Test("departments report for duty, progress and complete; each step is answered, recorded and published")
    func departmentCommands() async throws {
        let (suite, caseID, task) = try await suiteWithTask("r2", "ljdf", grid: "g07", community: "c03", department: "cg")
        #expect(try await suite.department("pcs", task, .acknowledge).error == .notYourTask)
        #expect(try await suite.department("cg", task, .complete).error == .invalidTransition)
        #expect(try await suite.department("cg", "nope", .acknowledge).error == .unknownTask)
        #expect(try await suite.send(Data(#"{"task":1}"#.utf8)).reply.error == .malformedCommand)
        let misspelt = try await suite.send(Data(#"{"command":"m1","department":"cg","task":"\#(task)","action":"return","resaon":"x"}"#.utf8))
        #expect(misspelt.reply.error == .malformedCommand && misspelt.reply.message == "'resaon' is not a field of this message")
        let noID = try await suite.send(Data(#"{"department":"cg","task":"\#(task)","action":"acknowledge"}"#.utf8))
        #expect(noID.reply.message == "'command' is required")
        #expect(try suite.dispatch!.store.state(ofTask: task) == .dispatched, "refused commands change nothing")
        #expect(try await suite.department("cg", task, .acknowledge).state == "acknowledged")
        #expect(try await suite.department("cg", task, .progress).state == "in-progress")
        #expect(try await suite.department("cg", task, .complete).state == "completed")
        #expect(try suite.caseView(caseID)?.status == .inProgress, "物业 (assisting) is not done yet")
        #expect(try await suite.department("wy", "\(caseID)-wy", .acknowledge).state == "acknowledged")
        #expect(try await suite.department("wy", "\(caseID)-wy", .complete).state == "completed")
        let ladder = ["assigned", "escalated", "assigned", "dispatched"].map { "whistle.case." + $0 }
        try await eventually("every step is published") {
            suite.seen.steps(of: caseID) == ladder + ["acknowledged", "progress", "completed", "acknowledged", "completed"].map { "whistle.case." + $0 }
        }
        #expect(try suite.caseView(caseID)?.status == .completed)
        await suite.stop()
    }

    @Test("a command id is answered once: the same id again gets the identical bytes and changes nothing more")
    func idempotentCommands() async throws {
        let (suite, caseID, task) = try await suiteWithTask("r5", "ljdf", grid: "g07", community: "c03", department: "cg")
        let acknowledge = DepartmentCommand(command: "ack-1", department: "cg", task: task, action: .acknowledge, note: "on our way")
        let first = try await suite.command(acknowledge)
        let again = try await suite.command(acknowledge)
        #expect(first.reply.state == "acknowledged" && first.reply.command == "ack-1")
        #expect(again.bytes == first.bytes, "a retry after a lost reply is not an invalid_transition")
        let refused = DepartmentCommand(command: "c-2", department: "cg", task: task, action: .return)
        let refusal = try await suite.command(refused)
        #expect(refusal.reply.error == .reasonRequired)
        #expect(try await suite.command(refused).bytes == refusal.bytes, "a refusal is answered identically too")
        var reused = acknowledge
        reused.note = "something else"
        #expect(try await suite.command(reused).reply.error == .commandIDReused)
        try await eventually("the acknowledgement is published") { suite.seen.steps(of: caseID).count == 5 }
        #expect(try suite.caseView(caseID)?.history.map(\.action).suffix(2) == ["dispatched", "acknowledged"], "one step, not two")
        await suite.stop()
    }

    @Test("a misrouted task is returned with a reason; a dispute goes to mediation, not to departments")
    func returnAndDispute() async throws {
        let (suite, caseID, task) = try await suiteWithTask("r3", "ls", grid: "g03", community: "c01", department: "gs")
        #expect(try await suite.department("gs", task, .return).error == .reasonRequired)
        #expect(try await suite.department("gs", task, .return, reason: "pipe belongs to the property company").state == "returned")
        let dispute = try await suite.report("r4", category: "fljf", grid: "g03")
        try await eventually("the dispute is referred") { suite.seen.steps(of: dispute).contains("whistle.case.referred") }
        #expect(!suite.seen.events(TaskAssigned.self).contains { $0.caseID == dispute })
        #expect(try suite.caseView(caseID)?.history.map(\.action).suffix(2) == ["dispatched", "returned"])
        await suite.stop()
    }
}
