public import ArgumentParser
import CityModel
import Contracts
import Envelope
public import Credentials
import Foundation

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Make, list and revoke the CURVE keys and API keys that let parties into the suite.",
        discussion: """
            A keys folder holds public/<identity>.json certificates (the allow-list every server checks) and secret/<identity>.json
            secrets (mode 0600). Roles: service, department, staff (grid workers, offices, mediators), integrator, operator.
            The folder: --keys <folder> (or --dir), else --data <folder> (its keys/, as `whistle up --data` makes it), else
            $WHISTLE_KEYS, else data/keys.
            Examples:
              whistle keys init --keys data/keys                     # a development set for the demo city (make run does this)
              whistle keys create --keys data/keys --identity sensors-east --role integrator --type 'whistle.sensor.*' --source /sensors/east/
              whistle keys create --data data --identity app-2 --role integrator --type whistle.report.resident --source /open311/app-2
              whistle keys list --data data                          # who may read and send what
              whistle keys revoke --data data sensors-east           # then SIGHUP the services: refused from the next connection
              whistle keys kubernetes --keys keys | kubectl apply -f -   # the certificates and the services' secrets for compose/kubernetes/
            """,
        subcommands: [Init.self, Create.self, List.self, Revoke.self, Kubernetes.self])

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make every key a suite needs for a city, skipping those that exist: the bus, the services, every department, grid worker, office and mediator, a resident app, a sensor gateway and an operator.")

        @OptionGroup var folder: KeysFolder
        @Option(help: "A city file instead of the embedded demo city.") var city: String?
        @Option(name: .customLong("service"), help: "Service instance names (repeatable).")
        var services = ["intake-1", "dispatch-1", "mediation-1", "notification-1", "console-1"]

        func run() async throws {
            let plan = KeyPlan(city: try City.configured(city), services: services)
            let dir = folder.path
            let directory = KeyDirectory(dir)
            var made = 0
            for key in plan.keys where !FileManager.default.fileExists(atPath: directory.certificatePath(key.identity)) {
                try directory.create(identity: key.identity, role: key.role, topics: key.topics, eventTypes: key.eventTypes, sources: key.sources,
                                     actsFor: key.actsFor, at: Date())
                made += 1
            }
            print("\(made) keys made, \(plan.keys.count - made) already there, in \(dir)")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make one key; prints its public key and, once, its API key.")

        @OptionGroup var folder: KeysFolder
        @Option(help: "Who holds it: a service instance name, a department code, a staff id, an integrator's name.") var identity: String
        @Option(help: "service | department | staff | integrator | operator") var role: Role
        @Option(name: .customLong("topic"), help: "A topic prefix it may read (repeatable; default by role).") var topics: [String] = []
        @Option(name: .customLong("type"), help: "Integrators: an event type it may send (repeatable; 'whistle.sensor.*').") var types: [String] = []
        @Option(name: .customLong("source"), help: "Integrators: a source prefix it may send from (repeatable).") var sources: [String] = []
        @Option(name: .customLong("acts-for"), help: "A web console's service key: a role (staff, department) whose commands it sends for the people it signs in (repeatable).")
        var actsFor: [Role] = []

        func run() async throws {
            let (certificate, secret) = try KeyDirectory(folder.path).create(
                identity: identity, role: role, topics: topics.isEmpty ? nil : topics, eventTypes: types.isEmpty ? nil : types,
                sources: sources.isEmpty ? nil : sources, actsFor: actsFor.isEmpty ? nil : actsFor, at: Date())
            print("\(certificate.identity) (\(certificate.role.rawValue)) public key \(certificate.publicKey)")
            print("API key (shown once; servers keep only its hash): \(secret.apiKey ?? "")")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the certificates in the allow-list: identity, role, public key, the topics each reads, and what an integrator sends from which sources.")
        @OptionGroup var folder: KeysFolder

        func run() async throws {
            for certificate in try KeyDirectory(folder.path).certificates() {
                let reads = certificate.topics.map { $0.isEmpty ? "*" : $0 }.joined(separator: ",")
                let sends = certificate.eventTypes.map { "  sends " + $0.joined(separator: ",") } ?? ""
                let from = certificate.sources.map { "  from " + $0.joined(separator: ",") } ?? ""
                let actsFor = certificate.actsFor.map { "  acts for " + $0.map(\.rawValue).joined(separator: ",") } ?? ""
                print("\(certificate.identity.padding(toLength: 16, withPad: " ", startingAt: 0)) \(certificate.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(certificate.publicKey)  reads \(reads.isEmpty ? "-" : reads)\(sends)\(from)\(actsFor)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a key out of the allow-list; servers refuse it after SIGHUP.")
        @OptionGroup var folder: KeysFolder
        @Argument(help: "The identity to revoke.") var identity: String

        func run() async throws {
            try KeyDirectory(folder.path).revoke(identity)
            print("revoked \(identity): send SIGHUP to the services (or restart them) and it is refused from its next connection")
        }
    }
}

extension Role: ExpressibleByArgument {}

/// Which keys folder a `whistle keys` command works on, by the conventions of the other commands.
struct KeysFolder: ParsableArguments {
    @Option(name: [.customLong("keys"), .customLong("dir")], help: "Keys folder.") var keys: String?
    @Option(help: "A data folder as `whistle up --data` uses it: its keys/ folder.") var data: String?

    var path: String {
        if let keys { return keys }
        if let data { return URL(fileURLWithPath: data).appendingPathComponent("keys").path }
        if let keys = ProcessInfo.processInfo.environment["WHISTLE_KEYS"], !keys.isEmpty { return keys }
        return "data/keys"
    }
}

/// Every key a suite needs for a city: who, in which role, reading and sending what.
struct KeyPlan {
    struct Key {
        var identity: String
        var role: Role
        var topics: [String]? = nil
        var eventTypes: [String]? = nil
        var sources: [String]? = nil
        var actsFor: [Role]? = nil
    }

    let keys: [Key]

    init(city: City, services: [String]) {
        // A web console (console-1 …) sends the commands of the staff and departments it signs in, on their behalf.
        var keys: [Key] = [Key(identity: "bus", role: .service)]
            + services.map { Key(identity: $0, role: .service, actsFor: $0.hasPrefix("console") ? [.staff, .department] : nil) }
        keys += city.departments.map { Key(identity: $0.code, role: .department) }
        // Staff hear their own tasks (task.<id>.); offices also their area's case steps.
        func staff(_ person: City.Person, area: String? = nil) -> Key {
            Key(identity: person.id, role: .staff, topics: [Topics.tasks(of: person.id)] + (area.map { [Topics.caseStatus + $0] } ?? []))
        }
        if let office = city.district.office { keys.append(staff(office, area: "")) }
        if let mediator = city.district.mediator { keys.append(staff(mediator)) }
        keys += (city.district.mediators ?? []).map { staff($0) }
        for street in city.streets {
            keys.append(staff(street.office, area: street.code + "."))
            if let mediator = street.mediator { keys.append(staff(mediator)) }
            keys += (street.mediators ?? []).map { staff($0) }
            for community in street.communities {
                keys.append(staff(community.office, area: "\(street.code).\(community.code)."))
                keys.append(staff(community.mediator))
                keys += (community.mediators ?? []).map { staff($0) }
                for grid in community.grids {
                    keys.append(staff(grid.worker))
                    keys.append(staff(grid.mediator))
                }
            }
        }
        keys.append(Key(identity: "resident-app", role: .integrator, eventTypes: [ResidentReport.eventTypes[0]], sources: ["/apps/resident/"]))
        // The 12345 hotline's Open311 client: its API key posts requests (source /open311/hotline).
        keys.append(Key(identity: "hotline", role: .integrator, eventTypes: [ResidentReport.eventTypes[0]], sources: ["/open311/hotline"]))
        keys.append(Key(identity: "sensor-gateway", role: .integrator, eventTypes: ["whistle.sensor.*", "whistle.gate.*", "whistle.device.*"],
                        sources: ["/sensors/", "/gates/", "/devices/"]))
        keys.append(Key(identity: "operator", role: .operator))
        var seen = Set<String>()
        self.keys = keys.filter { seen.insert($0.identity).inserted }
    }
}
