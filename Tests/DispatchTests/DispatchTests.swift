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

@Suite("Dispatch: cases to departments and back", .serialized)
struct DispatchTests {
    /// Intake and dispatch in this process, with one case reported and its `department`'s task dispatched.
    func suiteWithTask(_ id: String, _ category: String, grid: String, department: String) async throws
        -> (suite: InProcessSuite, caseID: String, task: String) {
        let suite = try await InProcessSuite([.intake, .dispatch])
        let caseID = try await suite.report(id, category: category, grid: grid)
        let task = "\(caseID)-\(department)"
        try await eventually("the task exists") { try suite.dispatch!.store.state(ofTask: task) == .dispatched }
        return (suite, caseID, task)
    }

    @Test("a 高空抛物 report becomes tasks for 城管 (lead), 派出所 and 物业 on their own topics")
    func reportIsDispatched() async throws {
        let suite = try await InProcessSuite([.intake, .dispatch])
        let caseID = try await suite.report("r1", category: "gkpw", grid: "g02")
        try await eventually("three tasks are published") { suite.seen.on(Topics.tasks).count == 3 }
        #expect(Set(suite.seen.on(Topics.tasks).map(\.topic)) == ["task.cg.s01.c01", "task.pcs.s01.c01", "task.wy.s01.c01"])
        let lead = try #require(suite.seen.events(TaskAssigned.self).first { $0.role == .lead })
        #expect(lead.department == "cg" && lead.task == "\(caseID)-cg" && lead.caseID == caseID && lead.grid == "g02")
        try await eventually("the dispatched status is published") { suite.seen.steps(of: caseID) == ["whistle.case.dispatched"] }
        #expect(try suite.dispatch!.store.view(of: caseID)?.history.map(\.action) == ["dispatched"])
        await suite.stop()
    }

    @Test("departments report for duty, progress and complete; each step is answered, recorded and published")
    func departmentCommands() async throws {
        let (suite, caseID, task) = try await suiteWithTask("r2", "ljdf", grid: "g07", department: "cg")
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
        try await eventually("every step is published") {
            suite.seen.steps(of: caseID) == ["whistle.case.dispatched", "whistle.case.acknowledged", "whistle.case.progress", "whistle.case.completed"]
        }
        #expect(try suite.dispatch!.store.view(of: caseID)?.status == .completed)
        await suite.stop()
    }

    @Test("a command id is answered once: the same id again gets the identical bytes and changes nothing more")
    func idempotentCommands() async throws {
        let (suite, caseID, task) = try await suiteWithTask("r5", "ljdf", grid: "g07", department: "cg")
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
        try await eventually("the acknowledgement is published") { suite.seen.steps(of: caseID).count == 2 }
        #expect(try suite.dispatch!.store.view(of: caseID)?.history.map(\.action) == ["dispatched", "acknowledged"], "one step, not two")
        await suite.stop()
    }

    @Test("a misrouted task is returned with a reason; a dispute goes to mediation, not to departments")
    func returnAndDispute() async throws {
        let (suite, caseID, task) = try await suiteWithTask("r3", "ls", grid: "g03", department: "gs")
        #expect(try await suite.department("gs", task, .return).error == .reasonRequired)
        #expect(try await suite.department("gs", task, .return, reason: "pipe belongs to the property company").state == "returned")
        let dispute = try await suite.report("r4", category: "fljf", grid: "g03")
        try await eventually("the dispute is referred") { suite.seen.steps(of: dispute).contains("whistle.case.referred") }
        #expect(!suite.seen.events(TaskAssigned.self).contains { $0.caseID == dispute })
        #expect(try suite.dispatch!.store.view(of: caseID)?.history.map(\.action) == ["dispatched", "returned"])
        await suite.stop()
    }
}
