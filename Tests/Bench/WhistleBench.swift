import ArgumentParser
import Foundation
import SuiteTestKit

/// `make bench`: prints figures, passes or fails nothing. Durable producer→bus→consumer delivery
/// next to two baselines measured the same way on the same machine.
@main
struct WhistleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whistle-bench", abstract: "Measure Whistle's delivery against raw libzmq and raw SQLite.")

    @Option(help: "Events per throughput run.") var events = 100_000
    @Option(help: "Bytes per event.") var payloadBytes = 300
    @Option(help: "Events per second for the latency run.") var latencyRate = 1000
    @Option(help: "Seconds of the latency run.") var latencySeconds = 5
    @Option(help: "Events per producer transaction in the throughput run.") var batch = 500

    @Flag(help: "Instead: the cost per event of each step of encoding and decoding the envelope and a contract.") var codec = false
    @Flag(help: "Only dispatch's figures: cases through the ladder, timers fired.") var ladder = false
    @Flag(name: .customLong("delivery"), help: "Only the delivery figures: durable and catch-up throughput, latency, CURVE, two buses, raw baselines.")
    var onlyDelivery = false
    @Flag(help: "Only whistle's plaintext pipeline: durable and catch-up throughput, then latency (to profile one run with perf).")
    var pipeline = false
    @Option(help: "Cases through the whole ladder.") var ladderCases = 1000
    @Option(help: "Cases worked at a time through the ladder.") var ladderWorkers = 8
    @Option(help: "Cases whose timers fall due in the timer run.") var dueCases = 5000
    @Option(help: "Sizes of dispatch's store (idle cases) for the timer runs, comma-separated.") var storeSizes = "10000,1000000"
    @Flag(help: "Only intake's figures: Open311 POSTs and ZeroMQ ingest per second, acknowledged-ingest latency.") var intake = false
    @Option(help: "Requests per intake throughput run.") var intakeRequests = 3000
    @Option(help: "Requests at a time in the intake throughput runs.") var intakeWorkers = 16
    @Flag(help: "Only mediation's figures: votes recorded in a community, disputes through their whole life.") var deliberation = false
    @Flag(help: "Only notification's figures: reports heard at their residents' webhooks per second, and report-to-webhook latency.")
    var notification = false
    @Option(help: "Reports in the notification throughput run.") var notificationReports = 2_000
    @Option(help: "Disputes through the whole mediation lifecycle.") var disputes = 1000
    @Option(help: "Households voting in the deliberation run.") var households = 10_000
    @Option(help: "Instead: how long a service takes to read this city file, and the memory it holds (whistle simulate --generate-city writes one).")
    var city: String?
    @Flag(name: .customLong("console"), help: "Only the web console's figures: its read model's catch-up, its map and case list with a large city.")
    var onlyConsole = false
    @Option(help: "Cases reported before the console starts, for its catch-up.") var consoleCases = 3000
    @Option(help: "Open cases on the console's board for the page timings (on a generated city of 5,000 grids).") var consoleOpenCases = 10_000

    func run() async throws {
        if codec { return try CodecCosts.run() }
        if let city { return try CityLoadBench.run(path: city) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("whistle-bench-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("curve"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        if onlyDelivery { return try await delivery(directory) }
        if pipeline { try await plaintextPipeline(directory); return }
        if intake { return try await intakeFigures() }
        if deliberation { return try await mediationFigures() }
        if notification { return try await notificationFigures() }
        if onlyConsole { return try await consoleFigures() }
        if !ladder { try await delivery(directory) }
        try await dispatch(directory)
        if !ladder { try await intakeFigures() }
        if !ladder { try await mediationFigures() }
        if !ladder { try await notificationFigures() }
        if !ladder { try await consoleFigures() }
    }

    /// The web console: events its read model applies per second while it catches up; its map's and case list's time on a
    /// generated city of 5,000 grids with `consoleOpenCases` open cases (the city made by the release `whistle` beside this binary).
    func consoleFigures() async throws {
        print("")
        let caughtUp = try await ConsoleBench.catchUp(cases: consoleCases, workers: intakeWorkers)
        Report.line("console: read model catch-up (events applied)", caughtUp)
        print("  (\(consoleCases) cases reported and assigned before it started: a report, a case step and a task each, from intake's and")
        print("   dispatch's replays through the bus into its own store)")
        let whistle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("whistle").path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("console-city-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cityFile = folder.appendingPathComponent("big.yaml").path
        let generate = Process()
        generate.executableURL = URL(fileURLWithPath: whistle)
        generate.arguments = ["simulate", "--generate-city", cityFile, "--grids", "5000", "--residents", "100", "--devices", "0", "--duty-officers", "0"]
        generate.standardOutput = FileHandle.nullDevice
        do { try generate.run() } catch {
            return print("console: map and case list — skipped: no \(whistle) to generate the city (swift build -c release --product whistle)")
        }
        generate.waitUntilExit()
        let (map, list) = try await ConsoleBench.pages(cityFile: cityFile, openCases: consoleOpenCases, requests: 30)
        Report.line("console: map page (5,000 grids)", map, unit: "pages/s")
        Report.line("console: case list (500 of them)", list, unit: "pages/s")
        print("  (\(consoleOpenCases) open cases on the board, the operator signed in; each page fetched whole, one at a time, on loopback)")
    }

    /// Notification's figures: residents' reports heard at their webhooks per second; report-to-webhook latency at 100/s.
    func notificationFigures() async throws {
        print("")
        let sink = NotificationBench.Sink()
        let (url, server) = try await NotificationBench.sink(sink)
        let suite = try await NotificationBench.suite(webhook: url)
        let burst = try await NotificationBench.throughput(suite, sink, reports: notificationReports, workers: intakeWorkers)
        Report.line("notification: reports heard at the resident's webhook", burst, unit: "webhooks/s")
        let paced = try await NotificationBench.latency(suite, sink, rate: 100, seconds: 10)
        Report.line("notification: report → webhook at 100 reports/s", paced, unit: "reports/s")
        print("  (\(NotificationBench.residents) residents, each its own webhook on a local sink answering 204; ingest → intake → bus →")
        print("   notification → HTTP POST, every step committed; \(intakeWorkers) reports at a time in the burst)")
        await suite.stop()
        server.cancel()
        try await mailFigures()
    }

    /// E-mail: residents' receipts taken by aiosmtpd per second (one SMTP conversation per message, 16 at once: the mail
    /// server is one endpoint).
    func mailFigures() async throws {
        let python = ProcessInfo.processInfo.environment["WHISTLE_PYTHON"] ?? ".venv/bin/python"
        guard let sink = MailBench.Sink(python: python) else {
            print("notification: e-mail to aiosmtpd — skipped: \(python) did not start (make python-deps)")
            return
        }
        defer { sink.stop() }
        try await NotificationBench.until(deadline: 30) { sink.listening != nil }
        let suite = try await MailBench.suite(port: sink.listening ?? 0)
        let mail = try await MailBench.throughput(suite, sink, reports: notificationReports / 4, workers: intakeWorkers)
        Report.line("notification: receipts taken by aiosmtpd", mail, unit: "e-mails/s")
        print("  (the same \(NotificationBench.residents) residents by e-mail: one SMTP conversation per message, plain, 16 at once, to aiosmtpd in")
        print("   its own Python process)")
        await suite.stop()
    }

    /// Mediation's figures: votes recorded, each household's answered after its commit; disputes through their whole life.
    func mediationFigures() async throws {
        print("")
        let votes = try await DeliberationBench.votes(households: households, workers: intakeWorkers)
        Report.line("mediation: votes recorded (one per household)", votes, unit: "votes/s")
        print("  (a proposal to \(households.formatted()) households of one community, \(intakeWorkers) at a time, each answered after its commit)")
        let lives = try await DisputeBench.lifecycle(disputes: disputes, workers: ladderWorkers)
        Report.line("mediation: disputes through the whole lifecycle", lives, unit: "disputes/s")
        print("  (\(disputes) disputes, \(ladderWorkers) at a time: report → accept → draft → 2 signatures → seal → judicial confirmation → follow-up; 8 commands each)")
    }

    /// Intake's figures: its two front doors in one suite, then acknowledged-ingest latency at a steady rate.
    func intakeFigures() async throws {
        print("")
        let suite = try await IntakeBench.suite()
        let open311 = try await IntakeBench.open311(suite, requests: intakeRequests, workers: intakeWorkers)
        Report.line("intake: Open311 POST requests (HTTP keep-alive)", open311, unit: "requests/s")
        let ingest = try await IntakeBench.ingest(suite, requests: intakeRequests, workers: intakeWorkers, prefix: "burst")
        Report.line("intake: ZeroMQ ingest (a DEALER per request)", ingest, unit: "requests/s")
        let paced = try await IntakeBench.ingestLatency(suite, rate: latencyRate, seconds: latencySeconds)
        Report.line("intake: acknowledged ingest at \(latencyRate)/s", paced, unit: "requests/s")
        let storm = try await IntakeBench.sensorStorm(suite, requests: intakeRequests, workers: intakeWorkers)
        Report.line("intake: one detector's alarm storm (rules, joins)", storm, unit: "alarms/s")
        print("  (\(intakeRequests) requests, \(intakeWorkers) at a time; each a new case committed with fsync before its answer)")
        await suite.stop()
    }

    /// Dispatch's figures: whole cases up the ladder, and timers fired at each store size.
    func dispatch(_ directory: URL) async throws {
        print("")
        let climbed = try await LadderBench.throughput(cases: ladderCases, workers: ladderWorkers)
        Report.line("dispatch: cases through the whole ladder", climbed, unit: "cases/s")
        print("  (\(ladderCases) cases, \(ladderWorkers) at a time: report → grid escalates → community whistles → 2 departments ack + complete → verify → rate; 9 commands each)")
        for size in storeSizes.split(separator: ",").compactMap({ Int($0) }) {
            let fired = try LadderBench.timers(idleCases: size, dueCases: dueCases, directory: directory)
            Report.line("dispatch: timers fired, store at \(size.formatted()) cases", fired, unit: "timers/s")
        }
    }

    /// Whistle's plaintext pipeline: durable throughput, catch-up (with how long the consumer took to find its producer)
    /// and latency; returns the durable figure. Alone (`--pipeline`), nothing else runs in the process.
    @discardableResult
    func plaintextPipeline(_ directory: URL) async throws -> Measurement {
        let pipeline = try await PipelineBench(directory: directory, payloadBytes: payloadBytes)
        let durable = try await pipeline.throughput(events: events, batch: batch)
        Report.line("whistle durable pub→bus→consumer", durable)
        let (catchUp, found) = try await pipeline.catchUp(events: events)
        Report.line("whistle consumer catch-up (replay)", catchUp)
        print(String(format: "  (timed from the consumer's first replay request, %.0f ms after it subscribed, on the heartbeat its subscription drew)", found))
        Report.line("whistle latency at \(latencyRate)/s, 1 event/txn", try await pipeline.latency(rate: latencyRate, seconds: latencySeconds))
        await pipeline.shutdown()
        return durable
    }

    /// Delivery: the durable pipeline against raw libzmq and raw SQLite.
    func delivery(_ directory: URL) async throws {
        print("whistle-bench: \(events) events of \(payloadBytes) bytes, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("")
        let push = try Baselines.pushPull(events: events, payloadBytes: payloadBytes)
        Report.line("raw libzmq PUSH/PULL tcp", push)
        let sqlite = try Baselines.sqliteBatched(events: events, payloadBytes: payloadBytes, batch: batch, path: directory.appendingPathComponent("raw.sqlite").path)
        Report.line("raw SQLite batched inserts (WAL, FULL)", sqlite)
        let durable = try await plaintextPipeline(directory)
        let secured = try await PipelineBench(directory: directory.appendingPathComponent("curve"), payloadBytes: payloadBytes, secured: true)
        let securedDurable = try await secured.throughput(events: events, batch: batch)
        Report.line("  … with CURVE, ZAP and the guarded bus", securedDurable)
        let securedLatency = try await secured.latency(rate: latencyRate, seconds: latencySeconds)
        Report.line("  … latency with CURVE at \(latencyRate)/s", securedLatency)
        await secured.shutdown()
        let redundant = try await PipelineBench(directory: directory.appendingPathComponent("two-buses"), payloadBytes: payloadBytes, buses: 2)
        let redundantDurable = try await redundant.throughput(events: events, batch: batch)
        Report.line("  … through two redundant buses", redundantDurable)
        let redundantLatency = try await redundant.latency(rate: latencyRate, seconds: latencySeconds)
        Report.line("  … latency through two buses at \(latencyRate)/s", redundantLatency)
        await redundant.shutdown()
        print("")
        print(String(format: "ratio durable/raw SQLite: %.2f   durable/PUSH-PULL: %.2f   CURVE/plaintext: %.2f   two buses/one: %.2f",
                     durable.perSecond / sqlite.perSecond, durable.perSecond / push.perSecond, securedDurable.perSecond / durable.perSecond,
                     redundantDurable.perSecond / durable.perSecond))
        if let rss = try? IdleMemory.busResidentMegabytes() {
            print(String(format: "idle whistle-bus resident memory: %.1f MB", rss))
        }
    }
}

/// One measured figure: rate, and latency percentiles when measured.
struct Measurement {
    var events: Int
    var seconds: Double
    var latenciesMicroseconds: [Double] = []
    /// The CPU time the whole process (every thread: producer, relay, bus, consumer, services) spent meanwhile: on this
    /// noisy shared host a steadier figure to compare two builds by than the throughput.
    var cpuMicroseconds: Double? = nil
    var perSecond: Double { Double(events) / seconds }

    func percentile(_ p: Double) -> Double? {
        guard !latenciesMicroseconds.isEmpty else { return nil }
        let sorted = latenciesMicroseconds.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}

enum Report {
    static func line(_ name: String, _ m: Measurement, unit: String = "events/s") {
        var text = name.padding(toLength: 52, withPad: " ", startingAt: 0) + String(format: "%10.0f ", m.perSecond) + unit
        if let p50 = m.percentile(0.5), let p99 = m.percentile(0.99) {
            text += String(format: "   p50 %7.0f µs   p99 %7.0f µs", p50, p99)
        }
        if let cpu = m.cpuMicroseconds, m.events > 0 {
            text += String(format: "   cpu %6.1f µs/", cpu / Double(m.events)) + unit.dropLast(3)   // "events/s": "µs/event"
        }
        print(text)
    }
}

/// The CPU time this process has used so far, every thread, user and system, in microseconds.
func processCPUMicroseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let (user, system) = (usage.ru_utime, usage.ru_stime)
    return Double(user.tv_sec + system.tv_sec) * 1_000_000 + Double(user.tv_usec + system.tv_usec)
}

/// Monotonic now in microseconds, shared by every thread of the process.
func nowMicroseconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1000 }
