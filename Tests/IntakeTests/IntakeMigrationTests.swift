import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import Testing
import TestKit
import Timekeeping
@testable import WhistleIntake

@Suite("Intake's migrations carry a store written by an earlier release")
struct IntakeMigrationTests {
    let city = try! City.demo()

    /// A store as the release before Open311 request ids (v4) and the shared request journal (v5) left it:
    /// a case a resident opened over ZeroMQ, one an Open311 request opened, and an Open311 request linked to it.
    func oldStore(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try IntakeStore.migrator.migrate(queue, upTo: "intake-v3-devices")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO intake_case (number, case_id, category, priority, level, street, community, grid, description, reporter, origin, created_at)
                    VALUES (1, 'intake-1-1', 'ljdf', 'normal', 'grid', 's01', 'c01', 'g01', '楼道堆放杂物', 'r-001', 'resident', 1795395600),
                           (2, 'intake-1-2', 'ljdf', 'normal', 'grid', 's01', 'c01', 'g02', '垃圾堆放', NULL, 'resident', 1795395700);
                INSERT INTO intake_public_status (case_id, open, notes, updated_at)
                    VALUES ('intake-1-1', 1, 'received', 1795395600), ('intake-1-2', 1, 'received', 1795395700);
                INSERT INTO intake_event (source, id, type, payload, case_id, reply, received_at) VALUES
                    ('/apps/resident/r-001', 'e-1', 'whistle.report.resident', x'7b7d', 'intake-1-1',
                     CAST('{"case":"intake-1-1","outcome":"opened","status":"accepted"}' AS BLOB), 1795395600),
                    ('/open311/hotline', 'tok-2', 'whistle.report.resident',
                     CAST('{"data":{"description":"垃圾堆放","latitude":35.53,"longitude":106.65}}' AS BLOB), 'intake-1-2',
                     CAST('{"case":"intake-1-2","outcome":"opened","status":"accepted"}' AS BLOB), 1795395700),
                    ('/open311/hotline', 'tok-3', 'whistle.report.resident',
                     CAST('{"data":{"description":"又堆了"}}' AS BLOB), 'intake-1-2',
                     CAST('{"case":"intake-1-2","outcome":"linked","status":"accepted"}' AS BLOB), 1795395800);
                INSERT INTO intake_open311_request (token, case_id, client, service_code, answers, requested_at) VALUES
                    ('tok-2', 'intake-1-2', 'hotline', 'ljdf', '{}', 1795395700),
                    ('tok-3', 'intake-1-2', 'hotline', 'ljdf', '{}', 1795395800);
                """)
        }
    }

    @Test("v4 gives each Open311 request its id and what it said; v5 moves every answer into the journal, so a retry still gets its bytes")
    func carriesOldRows() throws {
        let directory = try TemporaryDirectory("intake-migration")
        defer { directory.remove() }
        let path = directory.path("intake.sqlite")
        try oldStore(at: path)

        let store = try IntakeStore(.file(path), name: "intake-1", logger: Logger(label: "test"))
        #expect(try store.requestID(forToken: "tok-2") == "intake-1-2", "the request that opened its case has the case's id")
        #expect(try store.requestID(forToken: "tok-3") == "intake-1-2-r1", "the first to follow it is -r1")
        let requests = try store.publicRequests(PublicCaseQuery(ids: ["intake-1-2", "intake-1-2-r1"]))
        #expect(Set(requests.map(\.requestID)) == ["intake-1-2", "intake-1-2-r1"])
        let opening = try store.database.read { db in try Open311RequestRecord.fetchOne(db, key: "tok-2") }
        #expect(opening?.latitude == 35.53 && opening?.longitude == 106.65 && opening?.description == "垃圾堆放")
        #expect(requests.first { $0.requestID == "intake-1-2-r1" }?.description == "又堆了")

        let columns = try store.database.read { db in try db.columns(in: "intake_event").map(\.name) }
        #expect(!columns.contains("reply"), "the event row keeps the event; its answer lives in the journal")

        // The resident's app resends its first report: the journal answers it with the old bytes, and no case opens.
        let ingest = IngestServer(store: store, rules: IntakeRules(city: city), devices: DeviceRegistry(city.devices?.registry ?? []),
                                  clock: ManualClock(), logger: Logger(label: "test"))
        let resent = CloudEvent(id: "e-1", source: "/apps/resident/r-001", type: ResidentReport.eventTypes[0],
                                data: try JSONValueEncoder().encode(ResidentReport(category: "ljdf", grid: "g01")))
        let reply = ingest.answer(try resent.encoded(), from: nil)
        #expect(String(decoding: reply, as: UTF8.self) == #"{"case":"intake-1-1","outcome":"opened","status":"accepted"}"#)
        #expect(try store.caseCount() == 2)

        // A new report numbers on from the old cases.
        let fresh = CloudEvent(id: "e-9", source: "/apps/resident/r-009", type: ResidentReport.eventTypes[0],
                               data: try JSONValueEncoder().encode(ResidentReport(category: "fxcd", grid: "g03")))
        let answer = try JSONValueDecoder().decode(IngestReply.self, from: JSONValue.parse(ingest.answer(try fresh.encoded(), from: nil)))
        #expect(answer.caseID == "intake-1-3")
    }
}
