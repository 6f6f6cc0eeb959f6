import Contracts
import Envelope
import Foundation
import Messaging
import ServiceKit
import SuiteTestKit
import Testing
import TestKit
import Timekeeping
import WhistleDispatch

@Suite("Dispatch governs over the wire: its timer service on the suite's clock, staff and ratings on the command endpoint", .serialized)
struct GovernanceSuiteTests {
    /// Monday 2026-11-23, 09:00 in Beijing.
    static let monday = Date(timeIntervalSince1970: 1_795_395_600)

    @Test("a grid case left alone climbs to the community when dispatch's timer service sees the grid's time run out")
    func timerServiceClimbs() async throws {
        let clock = ManualClock(Self.monday)
        let suite = try await InProcessSuite([.intake, .dispatch], clock: clock)
        let caseID = try await suite.report("t1", category: "ljdf", grid: "g02")
        try await eventually("the grid's worker has it") { try suite.caseView(caseID)?.status == .assigned }
        #expect(try suite.dispatch!.store.timers(ofCase: caseID).map(\.kind) == [.remind, .overdue])
        clock.advance(by: 6 * 3600)                           // 15:00: the reminder and the end of the grid's time
        try await eventually("it climbed to the community") { try suite.caseView(caseID)?.level == .community }
        try await eventually("the steps are published") {
            suite.seen.steps(of: caseID) == ["assigned", "reminded", "overdue", "escalated", "assigned"].map { "whistle.case." + $0 }
        }
        let escalated = try #require(suite.seen.events(CaseEscalated.self).first)
        #expect(escalated.from == .grid && escalated.to == .community && escalated.by == "dispatch")
        await suite.stop()
    }

    @Test("staff and reporters use the same command endpoint as departments; refusals are specific and retries identical")
    func staffAndRatings() async throws {
        let suite = try await InProcessSuite([.intake, .dispatch])
        let caseID = try await suite.report("t2", category: "ljdf", grid: "g02")
        try await eventually("the grid's worker has it") { try suite.caseView(caseID)?.status == .assigned }
        #expect(try await suite.rate(caseID, .satisfied, .solved).error == .notResolved)
        #expect(try await suite.staff("gw-g01", .resolve, caseID).error == .notYourCase)
        #expect(try await suite.staff("gw-g02", .resolve, "nope").error == .unknownCase)
        let misspelt = try await suite.send(Data(#"{"command":"s1","staff":"gw-g02","case":"\#(caseID)","action":"resolv"}"#.utf8))
        #expect(misspelt.reply.error == .malformedCommand)
        #expect(try suite.caseView(caseID)?.history.count == 1, "refusals change nothing")
        #expect(try await suite.staff("gw-g02", .resolve, caseID, note: "已清理").state == "resolved")
        let rating = RatingCommand(command: "rate-1", reporter: "r-001", caseID: caseID, satisfaction: .satisfied, solved: .solved)
        let first = try await suite.command(rating)
        #expect(first.reply.state == "closed")
        #expect(try await suite.command(rating).bytes == first.bytes, "the same rating again: the same answer")
        #expect(try await suite.rate(caseID, .unsatisfied, .not).error == .alreadyRated)
        let view = try #require(try suite.caseView(caseID))
        #expect(view.closure == .rated && view.rating?.satisfaction == .satisfied && view.history.map(\.action) == ["assigned", "resolved", "rated", "closed"])
        await suite.stop()
    }
}
