import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import ServiceKit
import StoreKit
import Testing
import Timekeeping
@testable import WhistleMediation

@Suite("Mediator commands under a burst: one transaction, each answer its own, a refusal changes nothing")
struct MediatorCommandBurstTests {
    @Test("an agreement, a failure that climbs a tier, another mediator's, one without an outcome and a repeat in one burst")
    func burst() throws {
        let city = try City.demo()
        let clock = ManualClock()
        let store = try MediationStore(.inMemory, name: "mediation-1", logger: Logger(label: "test"))
        let mediation = MediationDesk(city: city)
        try store.database.write { db in
            for (caseID, grid) in [("c1", "g03"), ("c2", "g03"), ("c3", "g03")] {
                let report = CaseReported(caseID: caseID, category: "fljf", categoryName: "邻里纠纷", priority: .normal, level: .grid, dispute: true,
                                          location: city.location(ofGrid: grid)!, description: "d", origin: .resident,
                                          source: SourceEvent(source: "/t", id: caseID, type: "whistle.report.resident"), reporter: "r-001")
                try store.record(db, try #require(try mediation.open(report, now: clock.now())), at: clock.now())
            }
        }
        let endpoints = MediationEndpoints(store: store, desk: mediation, clock: clock)
        let desk = RequestDesk(endpoints.commands, database: store.database, clock: clock, logger: Logger(label: "test"),
                               stats: DeliveryStats(role: "desk", name: "test"))
        func frame(_ id: String, _ mediator: String, _ mediation: String, _ outcome: MediationOutcome?) throws -> ReplyServer.Request {
            let command = MediatorCommand(command: id, mediator: mediator, mediation: mediation, action: .conclude, outcome: outcome)
            return ReplyServer.Request(payload: try JSONValueEncoder().encode(command).jsonData(), sender: nil)
        }
        let bytes = desk.answer(batch: [
            try frame("m-1", "med-g03", "m-c1", .agreed), try frame("m-2", "med-c01", "m-c2", .agreed),
            try frame("m-3", "med-g03", "m-c2", nil), try frame("m-4", "med-g03", "m-c3", .failed), try frame("m-1", "med-g03", "m-c1", .agreed),
        ])
        let replies = try bytes.map { try JSONValueDecoder().decode(CommandReply.self, from: JSONValue.parse($0)) }
        #expect(replies.map(\.command) == ["m-1", "m-2", "m-3", "m-4", "m-1"])
        #expect(replies.map(\.error) == [nil, .notYourMediation, .outcomeRequired, nil, nil])
        #expect(replies.map(\.state) == ["agreed", nil, nil, "escalated", "agreed"] && bytes[4] == bytes[0])
        #expect(try store.mediation(forCase: "c2")?.status == .opened, "the case two refusals aimed at is still open")
        #expect(try store.mediation(forCase: "c1")?.status == .agreed && store.mediation(forCase: "c3")?.mediator.id == "med-c01")
        let published = try store.database.read { db in try Outbox.rows(db, from: 1, to: 100, limit: 100) }
        #expect(published.filter { $0.topic.hasPrefix("mediation.concluded") }.count == 1, "the agreement published once")
        #expect(published.filter { $0.topic.hasPrefix("mediation.escalated") || $0.topic.hasPrefix("task.med-c01.") }.count == 2,
                "the climb published once, and once to the community's mediator")
    }
}
