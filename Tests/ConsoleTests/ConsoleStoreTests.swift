import CityModel
import Contracts
import Credentials
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import Testing
import TestKit
@testable import WhistleConsole

@Suite("The console's store: its migration, the rows each viewer reads, the map's counts, sessions")
struct ConsoleStoreTests {
    @Test("console-v1 from an empty file; a viewer reads its area's rows, a department those it holds a task on; the map counts open cases")
    func readModel() throws {
        let directory = try TemporaryDirectory("console-store")
        defer { directory.remove() }
        let store = try ConsoleStore(.file(directory.path("console.sqlite")), name: "console-1", logger: Logger(label: "test"))
        let city = Ladder.city
        try store.database.write { db in
            for (caseID, location) in [("a", Ladder.g01), ("b", Ladder.g01), ("c", Ladder.g04)] {
                var change = CaseBoard.reported(Ladder.report(caseID, at: location), onto: nil, at: Ladder.start)
                try store.record(db, change)
                if caseID == "b" {
                    let overdue = Ladder.step("b", .assigned, WentOverdue(task: "b-cg", department: "cg", stage: .handle, dueAt: Ladder.start, supervisor: nil))
                    change = CaseBoard.stepped(overdue, onto: change.row, city: city, at: Ladder.start.addingTimeInterval(5))
                    try store.record(db, change)
                    let summoned = Ladder.step("b", .dispatched, Summoned(task: "b-cg", department: "cg", by: "co-c01"))
                    try store.record(db, CaseBoard.stepped(summoned, onto: change.row, city: city, at: Ladder.start.addingTimeInterval(6)))
                }
            }
        }
        let office = Viewer(identity: "co-c01", role: "staff", city: city)
        #expect(try store.cases(for: office, filter: CaseFilter(), limit: 10).map(\.caseID) == ["b", "a"], "most recently moved first")
        #expect(try store.cases(for: Viewer(identity: "cg", role: "department", city: city), filter: CaseFilter(), limit: 10).map(\.caseID) == ["b"])
        #expect(try store.cases(for: Viewer(identity: "c", role: "department", city: city), filter: CaseFilter(), limit: 10).isEmpty,
                "a department code inside another's id or a case id is no task of its")
        #expect(try store.cases(for: office, filter: CaseFilter(["light": "red"], city: city), limit: 10).map(\.caseID) == ["b"])
        #expect(try store.cases(for: office, filter: CaseFilter(["department": "cg"], city: city), limit: 10).map(\.caseID) == ["b"])
        #expect(try store.cases(for: office, filter: CaseFilter(["department": "xf"], city: city), limit: 10).isEmpty)
        #expect(throws: CaseFilter.Invalid.self) { try CaseFilter(["department": "nope"], city: city) }
        let shades = try store.shades(for: Viewer(identity: "operator", role: "operator", city: city))
        #expect(shades == ["g01": CityMap.Shade(openCases: 2, light: .red), "g04": CityMap.Shade(openCases: 1, light: .green)])
        let file = try #require(try store.caseFile("b"))
        #expect(file.1.map(\.action) == ["reported", "overdue", "summoned"] && file.0.holders == ["cg"])
    }

    @Test("a session is found by its token's hash until it runs out, and not after signing out")
    func sessions() throws {
        let directory = try TemporaryDirectory("console-sessions")
        defer { directory.remove() }
        let store = try ConsoleStore(.file(directory.path("console.sqlite")), name: "console-1", logger: Logger(label: "test"))
        let hash = APIKey.digest("token")
        try store.openSession(tokenSHA256: hash, identity: "co-c01", role: "staff", csrf: "x", account: nil, now: Ladder.start,
                              expiresAt: Ladder.start.addingTimeInterval(60))
        // Someone else signing in later drops the sessions that ran out, and only those.
        try store.openSession(tokenSHA256: APIKey.digest("second"), identity: "co-c02", role: "staff", csrf: "y", account: "lisi",
                              now: Ladder.start.addingTimeInterval(30), expiresAt: Ladder.start.addingTimeInterval(90))
        #expect(try store.session(tokenSHA256: hash, now: Ladder.start.addingTimeInterval(59))?.identity == "co-c01")
        #expect(try store.session(tokenSHA256: APIKey.digest("second"), now: Ladder.start.addingTimeInterval(31))?.account == "lisi")
        try store.openSession(tokenSHA256: APIKey.digest("third"), identity: "co-c03", role: "staff", csrf: "z", account: nil,
                              now: Ladder.start.addingTimeInterval(61), expiresAt: Ladder.start.addingTimeInterval(120))
        #expect(try store.database.read { db in try String.fetchAll(db, sql: "SELECT identity FROM console_session ORDER BY identity") } == ["co-c02", "co-c03"])
        #expect(try store.session(tokenSHA256: hash, now: Ladder.start.addingTimeInterval(60)) == nil)
        #expect(try store.session(tokenSHA256: APIKey.digest("other"), now: Ladder.start) == nil)
        try store.closeSession(tokenSHA256: hash)
        #expect(try store.session(tokenSHA256: hash, now: Ladder.start) == nil)
        #expect(ConsoleSessions.safeNext("//evil.example/") == "/" && ConsoleSessions.safeNext("/cases?area=c01") == "/cases?area=c01")
        #expect(ConsoleSessions.same("abc", "abc") && !ConsoleSessions.same("abc", "abd") && !ConsoleSessions.same("", ""))
    }

    @Test("an account is kept with its hash only; wrong passwords lock it, a new password lifts the lock and ends its sessions, disabling ends them too")
    func accounts() throws {
        let directory = try TemporaryDirectory("console-accounts")
        defer { directory.remove() }
        let store = try ConsoleStore(.file(directory.path("console.sqlite")), name: "console-1", logger: Logger(label: "test"))
        let account = StaffAccount(name: "wangfang", display: "王芳", role: .community, actsAs: "co-c01")
        #expect(try store.create(account, passwordHash: "$2b$12$hash", at: Ladder.start))
        #expect(try !store.create(account, passwordHash: "$2b$12$other", at: Ladder.start), "a name is taken once")
        for _ in 0..<StaffAccount.attemptsBeforeLock { try store.recordSignIn(of: "wangfang") { $0.afterWrongPassword(at: Ladder.start) } }
        let read = try #require(try store.account(named: "wangfang"))
        #expect(read.passwordHash == "$2b$12$hash" && read.account.isLocked(at: Ladder.start.addingTimeInterval(899)))
        #expect(!read.account.isLocked(at: Ladder.start.addingTimeInterval(900)))
        try store.openSession(tokenSHA256: "t1", identity: "co-c01", role: "staff", csrf: "x", account: "wangfang", now: Ladder.start,
                              expiresAt: Ladder.start.addingTimeInterval(3600))
        #expect(try store.setPassword(of: "wangfang", hash: "$2b$12$new", at: Ladder.start))
        #expect(try store.session(tokenSHA256: "t1", now: Ladder.start) == nil)
        #expect(try store.account(named: "wangfang")?.account.lockedUntil == nil)
        try store.openSession(tokenSHA256: "t2", identity: "co-c01", role: "staff", csrf: "x", account: "wangfang", now: Ladder.start,
                              expiresAt: Ladder.start.addingTimeInterval(3600))
        #expect(try store.setDisabled("wangfang", true))
        #expect(try store.session(tokenSHA256: "t2", now: Ladder.start) == nil && store.account(named: "wangfang")?.account.disabled == true)
        #expect(try !store.setDisabled("nobody", true) && !store.setPassword(of: "nobody", hash: "x", at: Ladder.start))
    }

    @Test("the map counts each grid's open cases a device raised: alarms, welfare checks and silent devices apart; the devices list has them")
    func markers() throws {
        let directory = try TemporaryDirectory("console-markers")
        defer { directory.remove() }
        let store = try ConsoleStore(.file(directory.path("console.sqlite")), name: "console-1", logger: Logger(label: "test"))
        try store.database.write { db in
            for (caseID, category, device) in [("a", "ygbj", "yg-g01-0101"), ("b", "dlgh", "mj-g01-0001"), ("c", "sbwh", "yg-g01-0102"), ("d", "gkpw", nil),
                                               ("e", "ygbj", "yg-g01-0103")] {
                var report = Ladder.report(caseID)
                (report.category, report.device) = (category, device)
                try store.record(db, CaseBoard.reported(report, onto: nil, at: Ladder.start.addingTimeInterval(Double(caseID.unicodeScalars.first!.value))))
            }
        }
        let centre = Viewer(identity: "operator", role: "operator", city: Ladder.city)
        let shade = try #require(try store.shades(for: centre, welfare: "dlgh", maintenance: "sbwh")["g01"])
        #expect(shade.openCases == 5 && shade.alarms == 2 && shade.welfare == 1 && shade.maintenance == 1)
        #expect(try store.deviceCases(for: centre, limit: 10).map(\.caseID) == ["e", "c", "b", "a"], "a device's cases, the latest first")
        #expect(try store.deviceCases(for: Viewer(identity: "co-c02", role: "staff", city: Ladder.city), limit: 10).isEmpty)
    }
}
