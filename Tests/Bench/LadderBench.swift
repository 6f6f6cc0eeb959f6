import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import SuiteTestKit
import Timekeeping
import WhistleDispatch

/// Dispatch governing: whole cases up the ladder through the real suite, and durable timers fired from
/// a store holding many cases.
enum LadderBench {
    static let grids = [("g01", "c01"), ("g04", "c02"), ("g07", "c03"), ("g10", "c04")]

    /// Cases reported to intake, taken by dispatch from the bus, escalated by the grid's worker, whistled
    /// by the community office, acknowledged and completed by two departments, verified and rated — every
    /// step a command on dispatch's endpoint, `workers` cases at a time. Each worker keeps its connections
    /// to intake and dispatch open, as a department's or an app's client does.
    static func throughput(cases: Int, workers: Int) async throws -> Measurement {
        try await LadderClient.workers(cases, at: workers, in: [.intake, .dispatch], commandsOf: "dispatch", each: climb)
    }

    static func climb(_ client: LadderClient, _ index: Int) async throws {
        let (grid, community) = grids[index % grids.count]
        let caseID = try await client.report("ladder-\(index)", category: "ljdf", grid: grid)
        var reply = try await client.staff("gw-\(grid)", .escalate, caseID, reason: "bench")
        while reply.error == .unknownCase {                       // dispatch has not taken it from the bus yet
            try await Task.sleep(for: .milliseconds(1))
            reply = try await client.staff("gw-\(grid)", .escalate, caseID, reason: "bench")
        }
        try check(reply)
        try check(try await client.staff("co-\(community)", .whistle, caseID))
        for department in ["cg", "wy"] {
            try check(try await client.department(department, "\(caseID)-\(department)", .acknowledge))
            try check(try await client.department(department, "\(caseID)-\(department)", .complete))
        }
        try check(try await client.staff("co-\(community)", .verify, caseID, outcome: .fixed))
        let rated = try await client.command(RatingCommand(command: UUID().uuidString, reporter: "r-001", caseID: caseID, satisfaction: .satisfied,
                                                           solved: .solved))
        guard rated.state == CaseStatus.closed.rawValue else { throw BenchFailure("case \(caseID) did not close: \(rated)") }
    }

    static func check(_ reply: CommandReply) throws {
        guard reply.status == .ok else { throw BenchFailure("refused: \(reply.error?.rawValue ?? "") \(reply.message ?? "")") }
    }

    /// Fires the timers of `dueCases` grid cases whose time ran out (a reminder and an overdue each; the
    /// overdue climbs the case, which sets the community's timers) from a store that also holds
    /// `idleCases` cases whose timers are not due.
    static func timers(idleCases: Int, dueCases: Int, directory: URL) throws -> Measurement {
        let path = directory.appendingPathComponent("dispatch-timers-\(idleCases).sqlite").path
        let store = try DispatchStore(.file(path), name: "dispatch-bench", logger: Logger(label: "bench"))
        let rules = Governance(city: try City.demo())
        try seedIdle(store, count: idleCases)
        let monday = Date(timeIntervalSince1970: 1_795_395_600)    // 2026-11-23 09:00 in Beijing
        let location = try rules.city.location(ofGrid: "g02").orThrow("no grid g02")
        for first in stride(from: 0, to: dueCases, by: 500) {
            try store.database.write { db in
                for index in first..<min(first + 500, dueCases) {
                    let report = CaseReported(
                        caseID: "due-\(index)", category: "ljdf", categoryName: "垃圾堆放", priority: .normal, level: .grid, dispute: false,
                        location: location, description: "bench", origin: .resident,
                        source: SourceEvent(source: "/bench", id: "\(index)", type: "whistle.report.resident"), reporter: "r-001")
                    try store.record(db, Dispatcher(rules: rules).receive(report, now: monday))
                }
            }
        }
        let later = monday.addingTimeInterval(86_400)
        let start = nowMicroseconds()
        var fired = 0
        while true {
            let taken = try DispatchTimers(store: store, rules: rules).fire(at: later, limit: 500)
            if taken == 0 { break }
            fired += taken
        }
        let seconds = (nowMicroseconds() - start) / 1_000_000
        guard fired == 2 * dueCases else { throw BenchFailure("fired \(fired) timers, expected \(2 * dueCases)") }
        return Measurement(events: fired, seconds: seconds)
    }

    /// `count` cases at the grid, each with its task and two timers due in 2100, written straight into
    /// the tables (the domain makes the due ones).
    static func seedIdle(_ store: DispatchStore, count: Int) throws {
        guard count > 0 else { return }
        try store.database.write { db in
            let numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))"
            try db.execute(sql: """
                \(numbers) INSERT INTO dispatch_case (case_id, category, level, priority, street, community, grid, description, reporter,
                    status, created_at, updated_at, steps, round, report)
                SELECT 'idle-' || i, 'ljdf', 'grid', 'normal', 's01', 'c01', 'g01', 'idle', 'r-001', 'assigned', 1795395600, 1795395600, 1, 1,
                    CAST('{}' AS BLOB) FROM n;
                \(numbers) INSERT INTO dispatch_task (task_id, case_id, department, kind, role, state, level, handle_by, started_at,
                    created_at, updated_at)
                SELECT 'idle-' || i || '-grid', 'idle-' || i, 'grid', 'grid', 'lead', 'dispatched', 'grid', 4102444800, 1795395600,
                    1795395600, 1795395600 FROM n;
                \(numbers) INSERT INTO dispatch_timer (case_id, kind, task_id, stage, due_at)
                SELECT 'idle-' || i, kind, 'idle-' || i || '-grid', 'handle', due FROM n,
                    (SELECT 'remind' AS kind, 4102444000 AS due UNION ALL SELECT 'overdue', 4102444800);
                """)
        }
    }
}

/// One worker's connections to intake's ingest and dispatch's commands, kept open.
struct LadderClient: Sendable {
    let ingest, commands: ReplyConnection

    /// `count` items through a fresh in-process suite of `services`, `workers` at a time, each worker on its own
    /// client to intake and `service`'s commands; the items per second.
    static func workers(_ count: Int, at workers: Int, in services: InProcessSuite.Parts, commandsOf service: String,
                        each: @escaping @Sendable (LadderClient, Int) async throws -> Void) async throws -> Measurement {
        let suite = try await InProcessSuite(services)
        let (start, cpu) = (nowMicroseconds(), processCPUMicroseconds())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let client = try LadderClient(suite, commandsOf: service)
                    for index in stride(from: worker, to: count, by: workers) { try await each(client, index) }
                    await client.close()
                }
            }
            try await group.waitForAll()
        }
        let (seconds, used) = ((nowMicroseconds() - start) / 1_000_000, processCPUMicroseconds() - cpu)
        await suite.stop()
        return Measurement(events: count, seconds: seconds, cpuMicroseconds: used)
    }

    /// Connections to intake's ingest and to `service`'s command endpoint.
    init(_ suite: InProcessSuite, commandsOf service: String = "dispatch") throws {
        ingest = ReplyConnection(try (suite.endpoints["intake"]?["ingest"]).orThrow("no ingest"), context: suite.context)
        commands = ReplyConnection(try (suite.endpoints[service]?["commands"]).orThrow("no \(service) commands"), context: suite.context)
    }

    func report(_ id: String, category: String, grid: String) async throws -> String {
        let event = CloudEvent(id: id, source: "/apps/resident/r-001", type: ResidentReport.eventTypes[0],
                               data: try JSONValueEncoder().encode(ResidentReport(category: category, grid: grid, reporter: "r-001")))
        let reply = try JSONValueDecoder().decode(IngestReply.self, from: JSONValue.parse(try await ingest.ask([try event.encoded()])))
        return try reply.caseID.orThrow("report refused: \(reply)")
    }

    func command(_ command: some CommandContract) async throws -> CommandReply {
        let bytes = try await commands.ask([try JSONValueEncoder().encode(command).jsonData()])
        return try JSONValueDecoder().decode(CommandReply.self, from: JSONValue.parse(bytes))
    }

    func staff(_ staff: String, _ action: StaffAction, _ caseID: String, reason: String? = nil, outcome: VerificationOutcome? = nil) async throws -> CommandReply {
        try await command(StaffCommand(command: UUID().uuidString, staff: staff, caseID: caseID, action: action, reason: reason, outcome: outcome))
    }

    func department(_ department: String, _ task: String, _ action: TaskAction) async throws -> CommandReply {
        try await command(DepartmentCommand(command: UUID().uuidString, department: department, task: task, action: action))
    }

    func close() async {
        await ingest.close()
        await commands.close()
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw BenchFailure(message) }
        return self
    }
}
