import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import ServiceKit
import Testing
import TestKit
import Timekeeping
@testable import WhistleMediation

@Suite("Mediation's migrations carry a store written by an earlier release")
struct MediationMigrationTests {
    @Test("a case opened before outcomes were kept (v1) is read after v2 and concluded by its mediator")
    func carriesAnOpenCase() throws {
        let directory = try TemporaryDirectory("mediation-migration")
        defer { directory.remove() }
        let path = directory.path("mediation.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try MediationStore.migrator.migrate(queue, upTo: "mediation-v1")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO mediation_case VALUES ('m-intake-1-4', 'intake-1-4', 'fljf', 'grid', 's01', 'c01', 'g03',
                                                       'med-g03', '调解员', '邻居噪音', 'r-004', 'opened', 1795395600)
                    """)
            }
        }
        let store = try MediationStore(.file(path), name: "mediation-1", logger: Logger(label: "test"))
        let file = try #require(try store.mediation(forCase: "intake-1-4"))
        #expect(file.mediation == "m-intake-1-4" && file.status == .opened && file.mediator.id == "med-g03" && file.outcome == nil)

        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_396_000))
        let endpoints = MediationEndpoints(store: store, desk: MediationDesk(city: try .demo()), clock: clock)
        let desk = RequestDesk(endpoints.commands, database: store.database, clock: clock, logger: Logger(label: "test"),
                               stats: DeliveryStats(role: "desk", name: "test"))
        let command = MediatorCommand(command: "c-1", mediator: "med-g03", mediation: "m-intake-1-4", action: .conclude, outcome: .agreed)
        let reply = try JSONValueDecoder().decode(CommandReply.self, from: JSONValue.parse(desk.answer(try JSONValueEncoder().encode(command).jsonData(),
                                                                                                       from: nil)))
        #expect(reply.status == .ok && reply.state == "agreed")
        let concluded = try #require(try store.mediation(forCase: "intake-1-4"))
        #expect(concluded.status == .agreed && concluded.outcome == .agreed && concluded.concludedAt == clock.now())
    }
}
