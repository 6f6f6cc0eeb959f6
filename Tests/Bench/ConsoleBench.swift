import AsyncHTTPClient
import CityModel
import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import NIOCore
import ServiceKit
import ServiceLifecycle
import StoreKit
import SuiteTestKit
import TestKit
import Timekeeping
import WhistleConsole

/// The web console's figures: how fast its read model catches up on what the producers published before it started,
/// and how long its map and case list take to answer with a large city's board.
enum ConsoleBench {
    static let grids = ["g01", "g02", "g03", "g04", "g05", "g06", "g07", "g08", "g09", "g10", "g11", "g12"]

    /// `cases` reported and assigned (a report, a case step and a task each) before a fresh console starts; the events
    /// its read model applied per second, from its start until every case and task is on its board.
    static func catchUp(cases: Int, workers: Int) async throws -> Measurement {
        let suite = try await InProcessSuite([.intake, .dispatch])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for index in stride(from: worker, to: cases, by: workers) {
                        _ = try await suite.report("console-\(index)", category: "ljdf", grid: grids[index % grids.count])
                    }
                }
            }
            try await group.waitForAll()
        }
        try await eventually("dispatch assigned every case", timeout: .seconds(120), every: .milliseconds(10)) { suite.seen.on(Topics.tasks).count >= cases }
        let events = suite.seen.on(Topics.caseReported).count + suite.seen.on(Topics.caseStatus).count + suite.seen.on(Topics.tasks).count
        let (console, group, running, _) = try await start(buses: [suite.busAddresses], directory: suite.directory.path("console"), city: nil,
                                                           context: suite.context)
        let (start, cpu) = (nowMicroseconds(), processCPUMicroseconds())
        try await eventually("the console has every case and task", timeout: .seconds(300), every: .milliseconds(10)) {
            try console.store.database.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM console_case")! >= cases && Int.fetchOne(db, sql: "SELECT COUNT(*) FROM console_task")! >= cases
            }
        }
        let measured = Measurement(events: events, seconds: (nowMicroseconds() - start) / 1e6, cpuMicroseconds: processCPUMicroseconds() - cpu)
        await group.triggerGracefulShutdown()
        try await running.value
        await suite.stop()
        return measured
    }

    /// The map and the case list as the operator asks for them, `requests` times each, on a board of `openCases` open
    /// cases spread over the city in `cityFile`: each request's time, in µs, as the browser waits for it on loopback.
    static func pages(cityFile: String, openCases: Int, requests: Int) async throws -> (map: Measurement, list: Measurement) {
        let suite = try await InProcessSuite([])                  // a bus for the console to subscribe to
        let city = try City.configured(cityFile)
        let places = city.streets.flatMap { street in street.communities.flatMap { community in
            community.grids.map { GridLocation(street: street.code, community: community.code, grid: $0.code) }
        } }
        let directory = suite.directory.path("console")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            let store = try ConsoleStore(.file(directory + "/console.sqlite"), name: "console-1", logger: Logger(label: "bench"))
            let now = Date()
            var random = SystemRandomNumberGenerator()
            let changes = (0..<openCases).map { index -> CaseBoard.Change in
                let place = places[Int.random(in: 0..<places.count, using: &random)]
                let report = CaseReported(caseID: "bench-\(index)", category: "ljdf", categoryName: "垃圾堆放", priority: .normal, level: .grid,
                                          dispute: false, location: place, description: "bench", origin: .resident,
                                          source: SourceEvent(source: "/bench", id: "\(index)", type: "whistle.report.resident"), reporter: "r-001")
                var change = CaseBoard.reported(report, onto: nil, at: now.addingTimeInterval(Double(index)))
                change.row.light = [Light.green, .green, .green, .yellow, .red][index % 5]
                return change
            }
            try store.record(changes)
        }
        let (_, group, running, base) = try await start(buses: [suite.busAddresses], directory: directory, city: cityFile, context: suite.context)
        let cookie = try await signIn(base)
        let map = try await time(base + "/", cookie: cookie, requests: requests)
        let list = try await time(base + "/cases", cookie: cookie, requests: requests)
        await group.triggerGracefulShutdown()
        try await running.value
        await suite.stop()
        return (map, list)
    }
}
