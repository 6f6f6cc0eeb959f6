import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import Logging
import StoreKit
import Messaging
import Testing
import TestKit
import Timekeeping
@testable import WhistleDispatch

@Suite("Dispatch's store and handlers, on SQLite")
struct DispatchStoreTests {
    let city = try! City.demo()
    var rules: Governance { Governance(city: city) }

    func report(_ caseID: String, _ category: String, grid: String = "g03", at level: HandlingLevel = .grid) -> CaseReported {
        CaseReported(caseID: caseID, category: category, categoryName: category, priority: .normal, level: level, dispute: category == "fljf",
                     location: city.location(ofGrid: grid)!, description: "d", origin: .resident,
                     source: SourceEvent(source: "/t", id: caseID, type: "whistle.report.resident"), reporter: "r-001")
    }

    @Test("a mediation step that arrives before its case waits, and is applied right after the case")
    func mediationBeforeCase() throws {
        let clock = ManualClock()
        let store = try DispatchStore(.inMemory, name: "dispatch-1", logger: Logger(label: "test"))
        let handlers = DispatchEndpoints(store: store, rules: rules, clock: clock)
        let location = city.location(ofGrid: "g03")!
        let opened = MediationOpened(mediation: "m-c1", caseID: "c1", category: "fljf", level: .grid, location: location,
                                     mediator: PersonRef(id: "med-g03", name: "张伟"), reporter: "r-001", description: nil)
        try store.database.write { db in try handlers.follow(db, opened) }
        #expect(try store.view(of: "c1", rules: rules, at: clock.now()) == nil)
        clock.advance(by: 5)
        try store.database.write { db in try handlers.receive(db, report("c1", "fljf")) }
        let view = try #require(try store.view(of: "c1", rules: rules, at: clock.now()))
        #expect(view.status == .mediating)
        #expect(view.history.map(\.action) == ["referred", "mediating"])
        #expect(view.history.map(\.step) == [1, 2])
        let published = try store.database.read { try Outbox.rows($0, from: 1, to: 10, limit: 10) }
        #expect(published.map(\.topic) == ["status.case.s01.c01.g03", "status.case.s01.c01.g03"])
        try store.database.write { db in try handlers.receive(db, report("c1", "fljf")) }
        #expect(try store.view(of: "c1", rules: rules, at: clock.now())?.history.count == 2, "the same report again changes nothing")
    }

    @Test("a due timer fires exactly once across a reopened store, and one due while the store was closed fires on the first look")
    func timersFireOnce() throws {
        let directory = try TemporaryDirectory("dispatch-timers")
        defer { directory.remove() }
        let clock = ManualClock(Casework.monday)
        let path = directory.path("dispatch.sqlite")
        do {
            let store = try DispatchStore(.file(path), name: "dispatch-1", logger: Logger(label: "test"))
            try store.database.write { db in try DispatchEndpoints(store: store, rules: rules, clock: clock).receive(db, report("c1", "ljdf")) }
            #expect(try store.timers(ofCase: "c1").map(\.kind) == [.remind, .overdue])
            #expect(try DispatchTimers(store: store, rules: rules).fire(at: clock.now()) == 0)
        }
        clock.set(Casework.at("2026-11-24 09:00"))          // the grid's 4wh ran out yesterday at 15:00 while "dispatch was down"
        let reopened = try DispatchStore(.file(path), name: "dispatch-1", logger: Logger(label: "test"))
        #expect(try DispatchTimers(store: reopened, rules: rules).fire(at: clock.now()) == 2)
        #expect(try DispatchTimers(store: reopened, rules: rules).fire(at: clock.now()) == 0, "fired timers are gone")
        let view = try #require(try reopened.view(of: "c1", rules: rules, at: clock.now()))
        #expect(view.history.map(\.action) == ["assigned", "reminded", "overdue", "escalated", "assigned"])
        #expect(view.level == .community && view.tasks.map(\.state) == [.withdrawn, .dispatched])
        #expect(try reopened.timers(ofCase: "c1").map(\.task) == ["c1-community", "c1-community"], "the community task's own timers")
    }

    @Test("the light of a case is its worst open task's, as of the moment it is read")
    func lights() throws {
        let store = try DispatchStore(.inMemory, name: "dispatch-1", logger: Logger(label: "test"))
        let clock = ManualClock(Casework.monday)
        try store.database.write { db in try DispatchEndpoints(store: store, rules: rules, clock: clock).receive(db, report("c1", "ljdf")) }
        #expect(try store.view(of: "c1", rules: rules, at: clock.now())?.light == .green)
        #expect(try store.view(of: "c1", rules: rules, at: Casework.at("2026-11-23 14:12"))?.light == .yellow)
        #expect(try store.view(of: "c1", rules: rules, at: Casework.at("2026-11-23 15:00"))?.light == .red)
    }

    @Test("dispatch-v3 carries a v2 store's cases and tasks onto the ladder")
    func migration() throws {
        let directory = try TemporaryDirectory("dispatch-migration")
        defer { directory.remove() }
        let path = directory.path("dispatch.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try DispatchStore.migrator.migrate(queue, upTo: "dispatch-v2")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO dispatch_case VALUES ('old-1', 'gkpw', 'community', 'high', 's01', 'c01', 'g02', '高空抛物', 'r-001',
                                                      'acknowledged', 1795395600, 1795395700, 2);
                    INSERT INTO dispatch_task VALUES ('old-1-cg', 'old-1', 'cg', 'lead', 'acknowledged', 1795397400, 1795395600, 1795395700);
                    INSERT INTO dispatch_history (case_id, task_id, department, action, note, at, step)
                        VALUES ('old-1', NULL, 'cg', 'dispatched', NULL, 1795395600, 1), ('old-1', 'old-1-cg', 'cg', 'acknowledged', NULL, 1795395700, 2);
                    """)
            }
        }
        let store = try DispatchStore(.file(path), name: "dispatch-1", logger: Logger(label: "test"))
        let view = try #require(try store.view(of: "old-1", rules: rules, at: Date(timeIntervalSince1970: 1_795_395_800)))
        #expect(view.whistledLevel == .community && view.status == .acknowledged && view.round == 1 && view.reporter == "r-001")
        #expect(view.tasks.map(\.kind) == [.department] && view.tasks.first?.acknowledgedAt == Date(timeIntervalSince1970: 1_795_395_700))
        #expect(view.history.map(\.action) == ["dispatched", "acknowledged"])
    }
}
