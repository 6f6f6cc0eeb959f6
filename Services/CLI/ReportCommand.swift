import ArgumentParser
import Contracts
import Credentials
import Envelope
import Foundation
import Messaging

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Report a problem as a resident (or grid worker) and print intake's answer.",
        discussion: """
            Example: whistle report --category gkpw --longitude 106.652 --latitude 35.5315 --description "7楼往下扔花盆" --reporter r-001
            Location: --longitude/--latitude, or --address, or --grid. Categories are in the city file (gkpw 高空抛物, ljdf 垃圾堆放, fljf 邻里纠纷 …).
            Who sends it: the operator's key (data/keys/secret/operator.json) by default, as whistle.report.resident from source
            /whistle/cli/<reporter>. --as resident-app sends with that integrator's key from its own source (/apps/resident/<reporter>);
            --grid-worker --as gw-g03 reports as that grid worker (whistle.report.grid-worker: staff send no other type).
            --source sets the source yourself.
              whistle report --as gw-g03 --grid-worker --category ljdf --grid g03 --reporter gw-g03 --description "巡查发现垃圾堆放"
            """)

    @OptionGroup var suite: SuiteAddresses
    @Option(help: "Category code.") var category: String
    @Option(help: "Longitude (WGS84).") var longitude: Double?
    @Option(help: "Latitude (WGS84).") var latitude: Double?
    @Option(help: "Street address.") var address: String?
    @Option(help: "Grid code.") var grid: String?
    @Option(help: "What happened.") var description: String?
    @Option(help: "Reporter id (a resident in the city file).") var reporter: String?
    @Flag(help: "Report as a grid worker instead of a resident.") var gridWorker = false
    @Option(help: "Event id (default: a new UUID); the same id again gets the same answer.") var id: String?
    @Option(help: "The CloudEvent source (default: /whistle/cli/<reporter>, or the --as integrator's own source + <reporter>).") var source: String?

    func run() async throws {
        let report = ResidentReport(category: category, longitude: longitude, latitude: latitude, address: address, grid: grid,
                                    description: description, reporter: reporter)
        let security = try suite.security(actingAs: "operator")
        let event = CloudEvent(
            id: id ?? UUID().uuidString.lowercased(), source: source ?? Self.source(for: security, reporter: reporter ?? "anonymous"),
            type: ResidentReport.eventTypes[gridWorker ? 1 : 0], data: try JSONValueEncoder().encode(report))
        try Requests.report(try await Requests.ask(suite.ingest, try event.encoded(), security: security, server: "intake-1"))
    }

    /// An integrator's first listed source (a folder, `/apps/resident/`) with the reporter after it; anyone else's `/whistle/cli/<reporter>`.
    static func source(for security: SocketSecurity, reporter: String) -> String {
        guard let identity = security.own?.identity, let listed = security.keyRing?.certificate(identity: identity)?.sources?.first else {
            return "/whistle/cli/\(reporter)"
        }
        return listed.hasSuffix("/") ? listed + reporter : listed
    }
}

struct EventCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event", abstract: "Send a CloudEvent (JSON structured mode) from a file or stdin to intake.",
        discussion: """
            Example: echo '{"specversion":"1.0","id":"s-1","source":"/sensors/smoke-17","type":"whistle.sensor.smoke","data":{"device":"smoke-17","grid":"g05"}}' | whistle event -
            """)

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "A file with the event, or - for stdin.") var file: String

    func run() async throws {
        let payload = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        try Requests.report(try await Requests.ask(suite.ingest, payload, security: try suite.security(actingAs: "operator"), server: "intake-1"))
    }
}
