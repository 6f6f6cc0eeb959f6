import CityModel
import Messaging
import Testing
@testable import WhistleNotification

@Suite("Notification messages")
struct MessagesTests {
    let messages: Messages

    init() throws { messages = try Messages(city: try City.demo()) }

    func event(_ type: String, _ data: [String: JSONValue]) -> CloudEvent {
        CloudEvent(source: "/t", type: type, data: .object(["case": .string("intake-1-7"), "reporter": .string("r-001")].merging(data) { $1 }))
    }

    @Test("each step the resident must hear becomes a message in their words")
    func residentMessages() throws {
        let received = try #require(messages.message(for: event("whistle.case.reported", ["categoryName": .string("高空抛物")])))
        #expect(received.kind == "received" && received.resident == "r-001")
        #expect(received.text == "您报告的高空抛物问题已受理，案件编号 intake-1-7。")
        let dispatched = try #require(messages.message(for: event("whistle.case.dispatched", ["departments": .array([.string("cg"), .string("pcs")])])))
        #expect(dispatched.text == "您的案件 intake-1-7 已派发给城管、派出所处理。")
        let acknowledged = try #require(messages.message(for: event("whistle.case.acknowledged", ["department": .string("cg"), "role": .string("lead")])))
        #expect(acknowledged.text == "城管已报到，正在处理您的案件 intake-1-7。")
        let mediation = try #require(messages.message(for: event("whistle.mediation.opened", ["mediator": .object(["name": .string("王芳")])])))
        #expect(mediation.text.contains("王芳"))
    }

    @Test("assistants' steps, progress notes, other events and events without a reporter say nothing")
    func silence() {
        #expect(messages.message(for: event("whistle.case.acknowledged", ["department": .string("pcs"), "role": .string("assist")])) == nil)
        #expect(messages.message(for: event("whistle.case.progress", ["role": .string("lead")])) == nil)
        #expect(messages.message(for: event("whistle.task.assigned", [:])) == nil)
        #expect(messages.message(for: CloudEvent(source: "/t", type: "whistle.case.reported", data: .object(["case": .string("x")]))) == nil)
    }
}
