import ArgumentParser
import Foundation
import Messaging
import CityModel
import Credentials

/// `whistle`: the operator's and integrator's tool.
@main
struct WhistleCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whistle",
        abstract: "Run the Whistle suite, report problems, watch topics, act as a department, grid worker, office, mediator or reporter.",
        subcommands: [UpCommand.self, StatusCommand.self, ReportCommand.self, CaseCommand.self, EventCommand.self, TailCommand.self,
                      DepartmentCommandLine.self, StaffCommandLine.self, RatingCommandLine.self, MediatorCommandLine.self, ProposalCommandLine.self, HouseholdsCommandLine.self, StatsCommand.self, SimulateCommand.self, AccountsCommand.self,
                      Open311Command.self, DeviceCommandLine.self, ContactsCommand.self, NotifyCommand.self, InboxCommand.self, RecipientsCommand.self, KeysCommand.self,
                      SchemasCommand.self])
}

/// The demo suite's well-known addresses, derived from one base port.
struct SuiteAddresses: ParsableArguments {
    @Option(help: "Keys folder (default: $WHISTLE_KEYS, else data/keys when it exists); without one, plaintext.") var keys: String?
    @Option(name: .customLong("as"), help: "Act with this identity's key (default: the command's own — the department, the staff member, or 'operator').")
    var identity: String?

    @Option(name: .customLong("city"), help: "The city file the suite runs (default: $WHISTLE_CITY, else the embedded demo city): its time zone, staff and departments.")
    var cityFile: String?

    @Option(help: "First port of the suite: bus publish = base, subscribe = base+1 (a second bus base+2 and base+3, a third base+4 and base+5), ingest = base+100, intake's device commands = base+101, Open311 HTTP = base+110, dispatch's commands (departments, staff, ratings) = base+200, mediator commands = base+201, notification's commands = base+202, each service's /health and /metrics = base+300…304 (a second and third bus's base+305, base+306; the console's base+307), the web console = base+400.")
    var basePort = 7100

    @Option(help: "How many redundant buses the suite runs, 1 to 3 (default: $WHISTLE_BUSES, else 1); every service publishes to and subscribes from each.")
    var buses: Int?

    /// How many buses the suite runs.
    var busCount: Int { buses ?? ProcessInfo.processInfo.environment["WHISTLE_BUSES"].flatMap { Int($0) } ?? 1 }
    /// Each bus's name, `bus` then `bus-2`, `bus-3`.
    var busNames: [String] { (1...max(1, busCount)).map { $0 == 1 ? "bus" : "bus-\($0)" } }
    /// Every bus's publish (XSUB) address, in order.
    var busPublish: [String] { busNames.indices.map { "tcp://127.0.0.1:\(basePort + 2 * $0)" } }
    /// Every bus's subscribe (XPUB) address, in order.
    var busSubscribe: [String] { busNames.indices.map { "tcp://127.0.0.1:\(basePort + 2 * $0 + 1)" } }
    var ingest: String { "tcp://127.0.0.1:\(basePort + 100)" }
    var commands: String { "tcp://127.0.0.1:\(basePort + 200)" }
    /// Intake's device commands (register, retire).
    var deviceCommands: String { "tcp://127.0.0.1:\(basePort + 101)" }
    /// Intake's Open311 GeoReport v2 server (`http://…/open311/v2/`).
    var open311: String { "127.0.0.1:\(basePort + 110)" }
    var mediatorCommands: String { "tcp://127.0.0.1:\(basePort + 201)" }
    /// Notification's commands (redrive).
    var notificationCommands: String { "tcp://127.0.0.1:\(basePort + 202)" }
    /// The web console (`http://…/`).
    var consoleWeb: String { "127.0.0.1:\(basePort + 400)" }

    /// The services `whistle up` runs, in start order.
    static let services = ["bus", "intake", "dispatch", "mediation", "notification", "console"]

    /// The services of this suite, with every bus, in start order.
    var services: [String] { busNames + Array(Self.services.dropFirst()) }

    func validate() throws {
        guard (1...3).contains(busCount) else { throw ValidationError("--buses (or WHISTLE_BUSES) takes 1, 2 or 3, got \(busCount)") }
    }

    /// The keys folder in use, if any.
    var keysFolder: String? {
        if let keys { return keys }
        if let keys = ProcessInfo.processInfo.environment["WHISTLE_KEYS"], !keys.isEmpty { return keys }
        return FileManager.default.fileExists(atPath: "data/keys/public") ? "data/keys" : nil
    }

    /// The city file named, if any (`--city`, else `$WHISTLE_CITY`).
    var cityPath: String? { cityFile ?? ProcessInfo.processInfo.environment["WHISTLE_CITY"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The city the suite runs.
    func city() throws -> City {
        do {
            return try City.configured(cityPath)
        } catch {
            throw Requests.CommandFailure("\(error)")
        }
    }

    /// The sockets' security for acting as `identity` (`--as` wins); plaintext without a keys folder.
    func security(actingAs identity: String) throws -> SocketSecurity {
        guard let keysFolder else { return .plaintext }
        do {
            return try SocketSecurity(keys: keysFolder, identity: self.identity ?? identity)
        } catch {
            throw Requests.CommandFailure("\(error)")
        }
    }

    /// The API key of the identity acted as, for the HTTP resources; nil without a keys folder.
    func apiKey(actingAs identity: String) throws -> String? {
        try security(actingAs: identity).own?.apiKey
    }

    /// Where a service's `/health` and `/metrics` listen.
    func http(_ service: String) -> String {
        if let bus = busNames.firstIndex(of: service), bus > 0 { return "127.0.0.1:\(basePort + 304 + bus)" }
        if service == "console" { return "127.0.0.1:\(basePort + 307)" }
        return "127.0.0.1:\(basePort + 300 + (SuiteAddresses.services.firstIndex(of: service) ?? 9))"
    }
}
