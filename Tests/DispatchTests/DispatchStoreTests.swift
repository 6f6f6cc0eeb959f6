import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import Logging
import StoreKit
import Messaging
import Testing
import Timekeeping
@testable import WhistleDispatch

@Suite("Dispatch's store and handlers, in memory")
struct DispatchStoreTests {
    @Test("a mediation step that arrives before its case waits, and is applied right after the case")
    func mediationBeforeCase() throws {
        let city = try City.demo()
        let clock = ManualClock()
        let store = try DispatchStore(.inMemory, name: "dispatch-1", logger: Logger(label: "test"))
        let handlers = DispatchEndpoints(store: store, dispatcher: Dispatcher(city: city, acknowledgeWithin: 60), clock: clock)
        let location = city.location(ofGrid: "g03")!
        let opened = MediationOpened(mediation: "m-c1", caseID: "c1", category: "fljf", level: .grid, location: location,
                                     mediator: PersonRef(id: "med-g03", name: "张伟"), reporter: "r-001", description: nil)
        try store.database.write { db in try handlers.follow(db, opened, caseID: "c1") { MediationFollowing.opened(opened, file: $0, now: $1) } }
        #expect(try store.view(of: "c1") == nil)
        clock.advance(by: 5)
        let report = CaseReported(caseID: "c1", category: "fljf", categoryName: "邻里纠纷", priority: .normal, level: .grid, dispute: true,
                                  location: location, description: "d", origin: .resident,
                                  source: SourceEvent(source: "/t", id: "1", type: "whistle.report.resident"), reporter: "r-001")
        try store.database.write { db in try handlers.receive(db, report) }
        let view = try #require(try store.view(of: "c1"))
        #expect(view.status == .mediating)
        #expect(view.history.map(\.action) == ["referred", "mediating"])
        #expect(view.history.map(\.step) == [1, 2])
        let published = try store.database.read { try Outbox.rows($0, from: 1, to: 10, limit: 10) }
        #expect(published.map(\.topic) == ["status.case.s01.c01.g03", "status.case.s01.c01.g03"])
        try store.database.write { db in try handlers.receive(db, report) }
        #expect(try store.view(of: "c1")?.history.count == 2, "the same report again changes nothing")
    }
}
