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
import TestKit
import Timekeeping
@testable import WhistleDispatch

@Suite("Dispatch's command endpoint under a burst: one transaction, each answer its own, a refusal changes nothing")
struct CommandBurstTests {
    let city = try! City.demo()

    /// Counts the commits of a database.
    final class Commits: TransactionObserver, @unchecked Sendable {
        var count = 0
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { count += 1 }
        func databaseDidRollback(_ db: Database) {}
    }

    func report(_ caseID: String, _ category: String) -> CaseReported {
        let kind = city.category(category)!
        return CaseReported(caseID: caseID, category: category, categoryName: kind.name, priority: kind.priority, level: kind.level, dispute: false,
                            location: city.location(ofGrid: "g03")!, description: "d", origin: .resident,
                            source: SourceEvent(source: "/t", id: caseID, type: "whistle.report.resident"), reporter: "r-001")
    }

    func frame<Command: CommandContract>(_ command: Command) throws -> ReplyServer.Request {
        ReplyServer.Request(payload: try JSONValueEncoder().encode(command).jsonData(), sender: nil)
    }

    @Test("department, staff and rating commands, garbage and a repeat in one burst: one commit, every reply names its own command")
    func burst() throws {
        let clock = ManualClock(Casework.monday)
        let rules = Governance(city: city)
        let store = try DispatchStore(.inMemory, name: "dispatch-1", logger: Logger(label: "test"))
        let endpoints = DispatchEndpoints(store: store, rules: rules, clock: clock)
        try store.database.write { db in
            try endpoints.receive(db, report("c1", "ygbj"))     // 烟感报警: the whistle at once, xf leads, wy assists
            try endpoints.receive(db, report("c2", "ljdf"))     // 垃圾堆放: the grid worker's own task
            try endpoints.receive(db, report("c3", "ygbj"))
        }
        let before = try #require(try store.view(of: "c3", rules: rules, at: clock.now()))
        let commits = Commits()
        store.database.add(transactionObserver: commits, extent: .databaseLifetime)
        let desk = RequestDesk(endpoints.commands, database: store.database, clock: clock, logger: Logger(label: "test"),
                               stats: DeliveryStats(role: "desk", name: "test"))

        let frames = [
            try frame(DepartmentCommand(command: "k-1", department: "xf", task: "c1-xf", action: .acknowledge)),
            try frame(DepartmentCommand(command: "k-2", department: "xf", task: "c3-xf", action: .complete)),
            try frame(StaffCommand(command: "k-3", staff: "gw-g03", caseID: "c2", action: .resolve, note: "清运完毕")),
            ReplyServer.Request(payload: Data("{".utf8), sender: nil),
            try frame(RatingCommand(command: "k-5", reporter: "r-001", caseID: "c3", satisfaction: .satisfied, solved: .solved)),
            try frame(DepartmentCommand(command: "k-6", department: "wy", task: "c1-wy", action: .acknowledge)),
            try frame(DepartmentCommand(command: "k-1", department: "xf", task: "c1-xf", action: .acknowledge)),
            try frame(DepartmentCommand(command: "k-8", department: "cg", task: "c3-xf", action: .acknowledge)),
        ]
        let bytes = desk.answer(batch: frames)
        let replies = try bytes.map { try JSONValueDecoder().decode(CommandReply.self, from: JSONValue.parse($0)) }

        #expect(commits.count == 1, "the burst is one transaction")
        #expect(replies.map(\.command) == ["k-1", "k-2", "k-3", nil, "k-5", "k-6", "k-1", "k-8"])
        #expect(replies.map(\.status) == [.ok, .error, .ok, .error, .error, .ok, .ok, .error])
        #expect(replies.map(\.error) == [nil, .invalidTransition, nil, .malformedCommand, .notResolved, nil, nil, .notYourTask])
        #expect(bytes[6] == bytes[0], "the same command twice in one burst: the first one's bytes")
        #expect(replies[0].state == "acknowledged" && replies[2].state == "resolved" && replies[5].state == "acknowledged")

        let c1 = try #require(try store.view(of: "c1", rules: rules, at: clock.now()))
        #expect(c1.tasks.map(\.state) == [.acknowledged, .acknowledged])
        #expect(try store.view(of: "c2", rules: rules, at: clock.now())?.status == .resolved)
        #expect(try store.view(of: "c3", rules: rules, at: clock.now()) == before, "the case three refusals aimed at is as it was")
        let journaled = try store.database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM whistle_command_journal")! }
        #expect(journaled == 6, "every read command is journaled once, refusals included; garbage is not")
    }
}
