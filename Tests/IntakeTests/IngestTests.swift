import Contracts
import Envelope
import Foundation
import Messaging
import ServiceKit
import SuiteTestKit
import Testing
import ZeroMQ
import TestKit
import WhistleIntake
import WhistleDispatch

@Suite("Intake: acknowledged ingest", .serialized)
struct IngestTests {
    func report(_ id: String, category: String, _ place: ResidentReport = ResidentReport(category: "")) throws -> CloudEvent {
        var data = place
        data.category = category
        data.reporter = "r-001"
        return CloudEvent(id: id, source: "/apps/resident", type: ResidentReport.eventTypes[0], data: try JSONValueEncoder().encode(data))
    }

    @Test("a located report is answered after commit and published once as case.reported.<area>")
    func reportBecomesCase() async throws {
        let suite = try await InProcessSuite(.intake)
        let answer = try await suite.ingest(report("r1", category: "gkpw", ResidentReport(
            category: "", longitude: 106.652, latitude: 35.5315, description: "7楼有人往下扔花盆")))
        #expect(answer.reply.status == .accepted)
        #expect(answer.reply.category == "gkpw" && answer.reply.grid == "g01" && answer.reply.level == .community)
        let caseID = try #require(answer.reply.caseID)
        #expect(try suite.intake!.store.caseCount() == 1, "committed before the answer")
        try await eventually("the case is published") { suite.seen.on(Topics.caseReported).count == 1 }
        let published = suite.seen.on(Topics.caseReported)[0]
        #expect(published.topic == "case.reported.s01.c01.g01")
        #expect(published.event.type == "whistle.case.reported" && published.event.id == caseID && published.event.subject == caseID)
        #expect(suite.seen.events(CaseReported.self).first?.description == "7楼有人往下扔花盆")
        await suite.stop()
    }

    @Test("the same source and id twice is one event and gets the very same answer")
    func duplicateGetsSameAnswer() async throws {
        let suite = try await InProcessSuite(.intake)
        let event = try report("dup-1", category: "ljdf", ResidentReport(category: "", grid: "g07"))
        let first = try await suite.ingest(event)
        let second = try await suite.ingest(event, socketType: .req)
        #expect(first.bytes == second.bytes)
        #expect(first.reply.status == .accepted)
        // A later, different report: once it is published, nothing else can still be on its way before it.
        _ = try await suite.ingest(report("dup-2", category: "ljdf", ResidentReport(category: "", grid: "g07")))
        try await eventually("the second case is published") { suite.seen.on(Topics.caseReported).count >= 2 }
        #expect(suite.seen.on(Topics.caseReported).map(\.event.id) == [first.reply.caseID, "intake-1-2"])
        #expect(try suite.intake!.store.caseCount() == 2)
        await suite.stop()
    }

    @Test("repeated alarms from one device join its open case and publish nothing; sensor events are classified by type")
    func repeatedAlarmsJoin() async throws {
        let suite = try await InProcessSuite(.intake)
        func smoke(_ id: String) throws -> CloudEvent {
            CloudEvent(id: id, source: "/sensors/smoke", type: "whistle.sensor.smoke",
                       data: try JSONValueEncoder().encode(DeviceEvent(device: "smoke-17", address: "新民社区2区5号楼")))
        }
        let first = try await suite.ingest(smoke("a1"))
        let second = try await suite.ingest(smoke("a2"))
        #expect(first.reply.category == "ygbj" && first.reply.priority == .emergency && first.reply.grid == "g05")
        #expect(first.reply.joined == false && second.reply.joined == true)
        #expect(first.reply.caseID == second.reply.caseID)
        #expect(try suite.intake!.store.caseCount() == 1)
        _ = try await suite.ingest(report("later", category: "ljdf", ResidentReport(category: "", grid: "g07")))
        try await eventually("the later case is published") { suite.seen.on(Topics.caseReported).count >= 2 }
        #expect(suite.seen.on(Topics.caseReported).count == 2, "the joined alarm published nothing")
        await suite.stop()
    }

    @Test("bad input gets a specific error and stores nothing", arguments: [
        ("{not json", Refusal.malformedJSON),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"whistle.report.resident","data":{"category":"ufo","grid":"g01"}}"#, .unknownCategory),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"whistle.report.resident","data":{"category":"ljdf"}}"#, .unlocatable),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"whistle.report.resident","data":{"category":"ljdf","longitude":1}}"#, .invalidReport),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"whistle.report.resident","data":{"category":"ljdf","longitude":"east"}}"#, .invalidReport),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"whistle.report.resident","data":{"category":"ljdf","longitude":0,"latitude":0}}"#, .unlocatable),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"com.example.other","data":{}}"#, .unknownType),
        (#"{"specversion":"1.0","id":"x","source":"/s","data":{}}"#, .missingAttribute),
    ])
    func rejections(payload: String, refusal: Refusal) async throws {
        let suite = try await InProcessSuite(.intake)
        let answer = try await suite.ingest([Data(payload.utf8)])
        #expect(answer.reply.status == .rejected)
        #expect(answer.reply.error == refusal, "\(answer.reply.message ?? "")")
        #expect(try suite.intake!.store.caseCount() == 0)
        let frames = try await suite.ingest([Data("a".utf8), Data("b".utf8)])
        #expect(frames.reply.error == .wrongFrameCount)
        let fromREQ = try await suite.ingest([Data("a".utf8), Data("b".utf8)], socketType: .req)
        #expect(fromREQ.reply.error == .wrongFrameCount, "a REQ client gets its answer too (the reply keeps its delimiter)")
        await suite.stop()
    }

    @Test("device commands over the wire: a registered device's alarm needs no location; a retired one's is refused; retries are identical")
    func deviceCommands() async throws {
        let suite = try await InProcessSuite(.intake)
        let register = DeviceCommand(command: "d-1", device: "yg-g02-new", action: .register, type: "whistle.sensor.smoke", grid: "g02",
                                     building: "中山社区2区8号楼", owner: "sensor-gateway")
        let registered = try await suite.command(register, to: "intake")
        #expect(registered.reply.status == .ok && registered.reply.state == "registered" && registered.reply.device == "yg-g02-new")
        #expect(try await suite.command(register, to: "intake").bytes == registered.bytes, "the same command id: the identical bytes")
        func alarm(_ id: String) throws -> CloudEvent {
            CloudEvent(id: id, source: "/sensors/yg-g02-new", type: "whistle.sensor.smoke",
                       data: try JSONValueEncoder().encode(DeviceEvent(device: "yg-g02-new", reading: 0.5)))
        }
        let opened = try await suite.ingest(alarm("a1"))
        #expect(opened.reply.outcome == .opened && opened.reply.grid == "g02" && opened.reply.unregistered == nil)
        let refused = try await suite.command(DeviceCommand(command: "d-2", device: "yg-g02-new", action: .register, type: "whistle.sensor.smoke",
                                                            grid: "g99"), to: "intake")
        #expect(refused.reply.error == .invalidDevice)
        let retired = try await suite.command(DeviceCommand(command: "d-3", device: "yg-g02-new", action: .retire, owner: "sensor-gateway"), to: "intake")
        #expect(retired.reply.state == "retired")
        let after = try await suite.ingest(alarm("a2"))
        #expect(after.reply.error == .unlocatable, "retired: no entry places it any more (the demo city takes it flagged only with a location)")
        await suite.stop()
    }
}
