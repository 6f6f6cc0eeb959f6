import Foundation
import Messaging
import Testing
import TestKit
@testable import WhistleIntake

@Suite("Intake: acknowledged ingest", .serialized)
struct IngestTests {
    @Test("a located report is answered after commit and published once as case.reported.<area>")
    func reportBecomesCase() async throws {
        let harness = try await IntakeHarness()
        let answer = try await harness.request(report("r1", category: "gkpw", [
            "longitude": .number(106.652), "latitude": .number(35.5315), "description": .string("7楼有人往下扔花盆"),
        ]))
        #expect(answer.reply.status == "accepted")
        #expect(answer.reply.category == "gkpw" && answer.reply.grid == "g01" && answer.reply.level == "community")
        let caseID = try #require(answer.reply.caseID)
        #expect(try harness.caseCount() == 1, "committed before the answer")
        try await eventually("the case is published") { harness.cases.count == 1 }
        let published = harness.cases[0]
        #expect(published.topic == "case.reported.s01.c01.g01")
        #expect(published.event.type == "whistle.case.reported" && published.event.id == caseID)
        #expect(published.event.data?["description"]?.stringValue == "7楼有人往下扔花盆")
        await harness.stop()
    }

    @Test("the same source and id twice is one event and gets the very same answer")
    func duplicateGetsSameAnswer() async throws {
        let harness = try await IntakeHarness()
        let event = report("dup-1", category: "ljdf", ["grid": .string("g07")])
        let first = try await harness.request(event)
        let second = try await harness.request(event, useREQ: true)
        #expect(first.bytes == second.bytes)
        #expect(first.reply.status == "accepted")
        // A later, different report: once it is published, nothing else can still be on its way before it.
        _ = try await harness.request(report("dup-2", category: "ljdf", ["grid": .string("g07")]))
        try await eventually("the second case is published") { harness.cases.count >= 2 }
        #expect(harness.cases.map(\.event.id) == [first.reply.caseID, "intake-test-2"])
        #expect(try harness.caseCount() == 2)
        await harness.stop()
    }

    @Test("repeated alarms from one device join its open case; sensor events are classified by type")
    func repeatedAlarmsJoin() async throws {
        let harness = try await IntakeHarness()
        func smoke(_ id: String) -> CloudEvent {
            CloudEvent(id: id, source: "/sensors/smoke", type: "whistle.sensor.smoke",
                       data: .object(["device": .string("smoke-17"), "address": .string("新民社区2区5号楼")]))
        }
        let first = try await harness.request(smoke("a1"))
        let second = try await harness.request(smoke("a2"))
        #expect(first.reply.category == "ygbj" && first.reply.priority == "emergency" && first.reply.grid == "g05")
        #expect(first.reply.joined == false && second.reply.joined == true)
        #expect(first.reply.caseID == second.reply.caseID)
        #expect(try harness.caseCount() == 1)
        await harness.stop()
    }

    @Test("bad input gets a specific error and stores nothing", arguments: [
        ("{not json", "malformed_json"),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"whistle.report.resident","data":{"category":"ufo","grid":"g01"}}"#, "unknown_category"),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"whistle.report.resident","data":{"category":"ljdf"}}"#, "unlocatable"),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"whistle.report.resident","data":{"category":"ljdf","longitude":1}}"#, "invalid_report"),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"whistle.report.resident","data":{"category":"ljdf","longitude":0,"latitude":0}}"#, "unlocatable"),
        (#"{"specversion":"1.0","id":"x","source":"/s","type":"com.example.other","data":{}}"#, "unknown_type"),
        (#"{"specversion":"1.0","id":"x","source":"/s","data":{}}"#, "missing_attribute"),
    ])
    func rejections(payload: String, kind: String) async throws {
        let harness = try await IntakeHarness()
        let answer = try await harness.request([Data(payload.utf8)])
        #expect(answer.reply.status == "rejected")
        #expect(answer.reply.error == kind, "\(answer.reply.message ?? "")")
        #expect(try harness.caseCount() == 0)
        let frames = try await harness.request([Data("a".utf8), Data("b".utf8)])
        #expect(frames.reply.error == "wrong_frame_count")
        await harness.stop()
    }
}
