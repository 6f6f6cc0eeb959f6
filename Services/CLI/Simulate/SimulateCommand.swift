import ArgumentParser
import CityModel
import Contracts
import Envelope
import Foundation
import Messaging
import ZeroMQ

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate", abstract: "Drive the running suite at a multiple of its city's busiest hour and print how it keeps up.",
        discussion: """
            Residents report, grid workers report from patrol, gates see passages and sensors raise and clear alarms (each
            with its own key), in the city file's grids and devices; departments acknowledge every task they are given; grid
            workers settle 7 in 10 of the cases their grid is given and the residents who reported them rate them (through
            the resident app), which closes them. Every
            second it prints its progress; at the end each consumer's backlog (events a producer's heartbeat announced that
            the consumer's heartbeat has not applied), report→task p50 and p99, and each service's CPU and memory on this
            host. It stops with status 1 when a backlog grows without bound (higher at three checks in a row, 5 s apart, and above
            --backlog-limit) or does not drain within 30 s of the end; docs/operations.md, "Simulating a busy city".
            A city of any size to run it on: --generate-city writes one on the demo city's rules and exits.
            Example: whistle simulate --multiple 10 --busiest-hour 3600 --minutes 10
                     whistle simulate --generate-city big.yaml --grids 5000 --residents 240000 --devices 10000 --duty-officers 300
                     whistle up --city big.yaml & whistle simulate --city big.yaml --busiest-hour 20000
            """)

    @OptionGroup var suite: SuiteAddresses
    @Option(help: "How many times the busiest hour's rate to send.") var multiple: Double = 10
    @Option(help: "Events (reports, patrols, passages, alarms) the city sends in its busiest hour.") var busiestHour: Double = 3600
    @Option(help: "How long to run, in minutes.") var minutes: Double = 10
    @Option(help: "Seed of the draws: the same seed sends the same events.") var seed: UInt64 = 1
    @Option(help: "A backlog above this that keeps growing stops the run (default: 10 s of the rate sent, at least 100).")
    var backlogLimit: UInt64?
    @Flag(help: "Print the figures as one JSON object instead of text.") var json = false
    @Option(help: "Write a generated city to this file, its residents to <name>-residents.csv beside it, and exit (with --grids, --residents, --devices, --duty-officers, --seed).")
    var generateCity: String?
    @Option(help: "Grids of the generated city (10 to a community, 10 communities to a street).") var grids = 5000
    @Option(help: "Residents of the generated city.") var residents = 240_000
    @Option(help: "Sensors and gates of the generated city.") var devices = 10_000
    @Option(help: "Departments' duty officers in the generated city.") var dutyOfficers = 300

    func validate() throws {
        guard multiple > 0, busiestHour > 0, minutes > 0 else { throw ValidationError("--multiple, --busiest-hour and --minutes must be above 0") }
        guard grids > 0, residents > 0, devices >= 0, dutyOfficers >= 0 else {
            throw ValidationError("--grids and --residents must be above 0, --devices and --duty-officers at least 0")
        }
    }

    func run() async throws {
        if let generateCity {
            let generator = CityGenerator(grids: grids, residents: residents, devices: devices, dutyOfficers: dutyOfficers, seed: seed)
            try generator.write(to: generateCity)
            let residentsFile = URL(fileURLWithPath: generateCity).deletingPathExtension().lastPathComponent + "-residents.csv"
            return Console.line("wrote \(generateCity): \(grids) grids, \(residents) residents (in \(residentsFile) beside it), \(devices) devices, \(dutyOfficers) duty officers")
        }
        let city = try suite.city()
        let rate = multiple * busiestHour / 3600
        let total = Int((rate * minutes * 60).rounded())
        let limit = backlogLimit ?? max(100, UInt64(rate * 10))
        var draws = try SimulatedCity(city: city, seed: seed)
        let watch = SimulationWatch(departments: Set(city.departments.map(\.code)))
        try await watch.start(buses: suite.busSubscribe, security: try Self.security(of: "operator", keys: suite.keysFolder))
        let context = try ZMQContext()
        let folder = suite.keysFolder
        let senders = Senders(ingest: suite.ingest, commands: suite.commands, context: context, keys: { try Self.security(of: $0, keys: folder) })
        let answering = Task { await Answering.run(watch, senders: senders) }     // until the run ends, then what is left
        var run = SimulationRun(total: total, rate: rate, limit: limit, before: ProcessUsage.sample())
        Console.note("# simulating \(Self.figure(multiple))× a busiest hour of \(Int(busiestHour)) events (\(Self.figure(rate))/s) for \(Self.figure(minutes)) min: \(total) events")
        let start = ContinuousClock.now
        let runID = UUID().uuidString.prefix(8).lowercased()       // ids new on every run: the same seed draws the same events, not replays
        for index in 0..<total {
            try await Task.sleep(until: start + .seconds(Double(index) / rate), clock: .continuous)
            let event = draws.next()
            let cloudEvent = CloudEvent(id: "sim-\(runID)-\(index)", source: try senders.source(event.sender, about: event.subject),
                                        type: event.type, data: event.data)
            let sentAt = ContinuousClock.now
            let reply = (try? await senders.ingest(event.sender).ask([try cloudEvent.encoded()])).flatMap { try? JSONValue.parse($0) }
            run.count(event.kind, reply: reply)
            if let caseID = reply?["case"]?.stringValue, reply?["joined"] != .bool(true) { watch.sent(caseID, at: sentAt) }
            if run.secondPassed(at: ContinuousClock.now - start) {
                run.note(watch.backlogs(), elapsed: ContinuousClock.now - start)
                Console.progress(run.progress(index + 1, latencies: watch.latencies()))
                if let growing = run.unbounded { return try await finish(run, watch, senders, answering, failure: growing) }
            }
        }
        let drained = await run.drain(watch)
        try await finish(run, watch, senders, answering, failure: drained ? nil : run.undrained(watch.backlogs()))
    }

    private func finish(_ run: SimulationRun, _ watch: SimulationWatch, _ senders: Senders, _ answering: Task<Void, Never>,
                        failure: String?) async throws {
        senders.ending()
        await answering.value
        let report = run.report(latencies: watch.latencies(), backlogs: watch.backlogs(), after: ProcessUsage.sample(), senders: senders)
        Console.progressDone()
        print(json ? report.json : report.text)
        await senders.close()
        try await watch.stop()
        if let failure {
            Console.note("whistle simulate: \(failure)")
            throw ExitCode.failure
        }
    }

    private static func security(of identity: String, keys folder: String?) throws -> SocketSecurity {
        guard let folder else { return .plaintext }
        do { return try SocketSecurity(keys: folder, identity: identity) } catch { throw Requests.CommandFailure("\(error)") }
    }

    static func figure(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
