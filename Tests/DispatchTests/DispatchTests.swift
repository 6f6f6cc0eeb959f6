import Foundation
import Messaging
import Testing
import TestKit
@testable import WhistleDispatch

@Suite("Dispatch: cases to departments and back", .serialized)
struct DispatchTests {
    @Test("a 高空抛物 report becomes tasks for 城管 (lead), 派出所 and 物业 on their own topics")
    func reportIsDispatched() async throws {
        let suite = try await SuiteHarness()
        let caseID = try await suite.report("r1", category: "gkpw", grid: "g02")
        try await eventually("three tasks are published") { suite.seen.all.filter { $0.topic.hasPrefix("task.") }.count == 3 }
        let tasks = suite.seen.all.filter { $0.topic.hasPrefix("task.") }
        #expect(Set(tasks.map(\.topic)) == ["task.cg.s01.c01", "task.pcs.s01.c01", "task.wy.s01.c01"])
        let lead = try #require(tasks.first { $0.event.data?["role"]?.stringValue == "lead" })
        #expect(lead.event.data?["department"]?.stringValue == "cg")
        #expect(lead.event.subject == "\(caseID)-cg")
        try await eventually("the dispatched status is published") { suite.seen.types(for: caseID).contains("whistle.case.dispatched") }
        #expect(try suite.dispatch.store.history(of: caseID).map(\.action) == ["dispatched"])
        await suite.stop()
    }

    @Test("departments report for duty, progress and complete; each step is answered, recorded and published")
    func departmentCommands() async throws {
        let suite = try await SuiteHarness()
        let caseID = try await suite.report("r2", category: "ljdf", grid: "g07")
        let task = "\(caseID)-cg"
        try await eventually("the task exists") { try suite.dispatch.store.state(ofTask: task) == .dispatched }
        #expect(try await suite.command("pcs", task, "acknowledge")["error"] == "not_your_task")
        #expect(try await suite.command("cg", task, "complete")["error"] == "invalid_transition")
        #expect(try await suite.command("cg", "nope", "acknowledge")["error"] == "unknown_task")
        #expect(try await suite.ask(suite.commands, Data("{\"task\":1}".utf8))["error"] == "malformed_command")
        #expect(try suite.dispatch.store.state(ofTask: task) == .dispatched, "refused commands change nothing")
        #expect(try await suite.command("cg", task, "acknowledge")["state"] == "acknowledged")
        #expect(try await suite.command("cg", task, "progress")["state"] == "in-progress")
        #expect(try await suite.command("cg", task, "complete")["state"] == "completed")
        try await eventually("every step is published") {
            suite.seen.types(for: caseID) == ["whistle.case.dispatched", "whistle.case.acknowledged", "whistle.case.progress", "whistle.case.completed"]
        }
        await suite.stop()
    }

    @Test("a misrouted task is returned with a reason; a dispute goes to mediation, not to departments")
    func returnAndDispute() async throws {
        let suite = try await SuiteHarness()
        let caseID = try await suite.report("r3", category: "ls", grid: "g03")
        let task = "\(caseID)-gs"
        try await eventually("the task exists") { try suite.dispatch.store.state(ofTask: task) == .dispatched }
        #expect(try await suite.command("gs", task, "return")["error"] == "reason_required")
        #expect(try await suite.command("gs", task, "return", reason: "pipe belongs to the property company")["state"] == "returned")
        let dispute = try await suite.report("r4", category: "fljf", grid: "g03")
        try await eventually("the dispute is referred") { suite.seen.types(for: dispute).contains("whistle.case.referred") }
        #expect(!suite.seen.all.contains { $0.topic.hasPrefix("task.") && $0.event.data?["case"]?.stringValue == dispute })
        #expect(try suite.dispatch.store.history(of: caseID).map(\.action) == ["dispatched", "returned"])
        await suite.stop()
    }

    @Test("task state machine")
    func stateMachine() {
        #expect(TaskState.dispatched.after(.acknowledge) == .acknowledged)
        #expect(TaskState.dispatched.after(.complete) == nil)
        #expect(TaskState.completed.after(.return) == nil)
        #expect(TaskState.inProgress.after(.return) == .returned)
        #expect(TaskState.returned.after(.acknowledge) == nil)
    }
}
