import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import Testing
import Timekeeping
@testable import WhistleMediation

@Suite("A dispute's life in mediation's SQLite file: recorded, reopened, its timers found")
struct MediationLifecycleStoreTests {
    let city = try! City.demo()
    let clock = ManualClock()

    @Test("parties, the sealed agreement and a follow-up survive a reopened file equal; the follow-up and the reminder are found when due")
    func roundTrip() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mediation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("mediation.sqlite").path
        let desk = MediationDesk(city: city)
        let report = CaseReported(caseID: "c-1", category: "fljf", categoryName: "", priority: .normal, level: .grid, dispute: true,
                                  location: city.location(ofGrid: "g05")!, description: "楼上漏水", origin: .resident,
                                  source: SourceEvent(source: "/t", id: "c-1", type: "whistle.report.resident"), reporter: "r-001")
        var decisions = [try #require(try desk.open(report, now: clock.now()))]
        func act(_ action: MediatorAction, _ fill: (inout MediatorCommand) -> Void = { _ in }) throws {
            var command = MediatorCommand(command: UUID().uuidString, mediator: "med-g05", mediation: "m-c-1", action: action)
            fill(&command)
            clock.advance(by: 60)
            decisions.append(try desk.act(command, file: decisions.last!.file, now: clock.now()))
        }
        try act(.accept) {
            $0.rightsTold = true
            $0.parties = [PartyEntry(name: "张三", side: .applicant, contact: "13800000001", address: "3栋101"), PartyEntry(name: "李四", side: .respondent)]
        }
        try act(.draft) {
            $0.agreement = AgreementTerms(facts: "漏水", matters: "费用", responsibilities: "李四", terms: "赔偿800元", performanceWay: "转账",
                                          performancePlace: "调解室", performanceBy: "2026-11-30")
        }
        try act(.sign) { $0.party = "p1" }
        try act(.sign) { $0.party = "p2" }
        try act(.seal)
        try act(.followUp) { $0.performance = .partly; $0.note = "付了一半" }

        do {
            let store = try MediationStore(.file(path), name: "mediation-1", logger: Logger(label: "test"))
            try store.database.write { db in for decision in decisions { try store.record(db, decision, at: clock.now()) } }
        }
        let store = try MediationStore(.file(path), name: "mediation-1", logger: Logger(label: "test"))
        let read = try store.database.read { db in try store.file(db, mediation: "m-c-1") }
        #expect(read == decisions.last!.file)
        #expect(read?.parties.first?.entry.contact == "13800000001" && read?.agreement?.sealedAt != nil && read?.followUps.count == 1)

        let followUpAt = try #require(read?.followUpAt)
        let reminderAt = try #require(read?.confirmationReminderAt)
        #expect(followUpAt < reminderAt)
        #expect(try store.database.read { db in try store.timersDue(db, at: followUpAt.addingTimeInterval(-1), limit: 10) }.isEmpty)
        let due = try store.database.write { db in
            let due = try store.timersDue(db, at: followUpAt, limit: 10)
            for file in due { try store.record(db, try #require(desk.timersDue(file, now: followUpAt)), at: followUpAt) }
            return due.count
        }
        #expect(due == 1)
        #expect(try store.database.read { db in try store.timersDue(db, at: followUpAt, limit: 10) }.isEmpty, "each reminder fires once")
        #expect(try store.database.read { db in try store.timersDue(db, at: reminderAt, limit: 10) }.map(\.mediation) == ["m-c-1"])
    }
}
