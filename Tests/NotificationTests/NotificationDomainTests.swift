import CityModel
import Contracts
import Foundation
import Messaging
import GRDB
import Logging
import StoreKit
import Testing
import Timekeeping
@testable import WhistleNotification

@Suite("Notification: what residents hear, and delivery bookkeeping on a manual clock")
struct NotificationDomainTests {
    let announcer = try! Announcer(city: try! City.demo())
    let place = GridLocation(street: "s01", community: "c01", grid: "g01")

    func step<D: CaseStepDetail>(_ detail: D, status: CaseStatus = .dispatched, reporter: String? = "r-001") -> CaseStep<D> {
        CaseStep(caseID: "intake-1-7", status: status, category: "gkpw", location: place, reporter: reporter, detail: detail)
    }

    @Test("each step the resident must hear becomes a message in their words")
    func residentMessages() throws {
        let report = CaseReported(caseID: "intake-1-7", category: "gkpw", categoryName: "高空抛物", priority: .high, level: .community,
                                  dispute: false, location: place, description: "d", origin: .resident,
                                  source: SourceEvent(source: "/t", id: "1", type: "whistle.report.resident"), reporter: "r-001")
        let received = try #require(announcer.notice(for: report))
        #expect(received.kind == .received && received.recipient == "r-001")
        #expect(received.text == "您报告的高空抛物问题已受理，案件编号 intake-1-7。")
        let dispatched = try #require(announcer.notice(for: step(Dispatched(department: "cg", departments: ["cg", "pcs"], note: ""))))
        #expect(dispatched.text == "您的案件 intake-1-7 已派发给城管、派出所处理。")
        let acknowledged = try #require(announcer.notice(for: step(TaskStepped(
            step: .acknowledged, task: "t", department: "cg", role: .lead, state: .acknowledged))))
        #expect(acknowledged.text == "城管已报到，正在处理您的案件 intake-1-7。")
        let mediation = try #require(announcer.notice(for: step(Mediating(mediation: "m", mediator: PersonRef(id: "m1", name: "王芳"), level: .grid))))
        #expect(mediation.text.contains("王芳") && mediation.kind == .mediation)
        let failed = try #require(announcer.notice(for: step(MediationEnded(mediation: "m", outcome: .failed, referral: .court))))
        #expect(failed.kind == .mediationFailed && failed.text.contains("人民法院"))
    }

    @Test("assistants' steps, progress notes and steps without a reporter say nothing")
    func silence() {
        #expect(announcer.notice(for: step(TaskStepped(step: .acknowledged, task: "t", department: "pcs", role: .assist, state: .acknowledged))) == nil)
        #expect(announcer.notice(for: step(TaskStepped(step: .progress, task: "t", department: "cg", role: .lead, state: .inProgress))) == nil)
        #expect(announcer.notice(for: step(Referred(note: "n"), reporter: nil)) == nil)
    }

    @Test("retries back off 1, 2, 4 … seconds, at most 60, and give up after the last attempt")
    func retryPolicy() {
        let policy = RetryPolicy(maxAttempts: 9)
        #expect((1...9).map { policy.delay(afterFailed: $0) } == [1, 2, 4, 8, 16, 32, 60, 60, nil])
    }

    @Test("a delivery is due when its time comes on the clock, and each attempt is recorded")
    func dueDeliveries() throws {
        let clock = ManualClock()
        let store = try NotificationStore(.inMemory, name: "notification-1", logger: Logger(label: "test"))
        let notice = Notice(kind: .received, recipient: "r-001", caseID: "c", text: "t")
        try store.database.write { db in
            try store.enqueue(db, notice, event: "/s#1", webhook: "http://127.0.0.1:9/x", now: clock.now())
            try store.enqueue(db, notice, event: "/s#1", webhook: "http://127.0.0.1:9/x", now: clock.now())
        }
        #expect(try store.deliveries(to: "r-001").map(\.channel) == ["inbox", "webhook"], "one event, one delivery per channel")
        let due = try store.due(limit: 10, now: clock.now())
        #expect(due.count == 1)
        try store.record(due[0], status: 500, error: "HTTP 500", retryAfter: 4, now: clock.now())
        clock.advance(by: 3)
        #expect(try store.due(limit: 10, now: clock.now()).isEmpty)
        clock.advance(by: 1)
        let again = try store.due(limit: 10, now: clock.now())
        try store.record(again[0], status: 204, error: nil, retryAfter: nil, now: clock.now())
        #expect(try store.deliveries(to: "r-001").last.map { ($0.state, $0.attempts) } ?? (.failed, 0) == (.delivered, 2))
    }
}
