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
            Examples:
              whistle keys init --dir data/keys                      # a development set for the demo city (make run does this)
              whistle keys create --dir data/keys --identity sensors-east --role integrator --type 'whistle.sensor.*' --source /sensors/east/
              whistle keys list --dir data/keys
              whistle keys revoke --dir data/keys sensors-east        # then SIGHUP the services: refused from the next connection
            """,
        subcommands: [Init.self, Create.self, List.self, Revoke.self])

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make every key a suite needs for a city, skipping those that exist: the bus, the services, every department, grid worker, office and mediator, a resident app, a sensor gateway and an operator.")

        @Option(help: "Keys folder.") var dir = "data/keys"
        @Option(help: "A city file instead of the embedded demo city.") var city: String?
        @Option(name: .customLong("service"), help: "Service instance names (repeatable).")
        var services = ["intake-1", "dispatch-1", "mediation-1", "notification-1"]

        func run() async throws {
            let plan = KeyPlan(city: try City.configured(city), services: services)
            let directory = KeyDirectory(dir)
            var made = 0
            for key in plan.keys where !FileManager.default.fileExists(atPath: directory.certificatePath(key.identity)) {
                try directory.create(identity: key.identity, role: key.role, topics: key.topics, eventTypes: key.eventTypes, sources: key.sources,
                                     at: Date())
                made += 1
            }
            print("\(made) keys made, \(plan.keys.count - made) already there, in \(dir)")
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make one key; prints its public key and, once, its API key.")

        @Option(help: "Keys folder.") var dir = "data/keys"
        @Option(help: "Who holds it: a service instance name, a department code, a staff id, an integrator's name.") var identity: String
        @Option(help: "service | department | staff | integrator | operator") var role: Role
        @Option(name: .customLong("topic"), help: "A topic prefix it may read (repeatable; default by role).") var topics: [String] = []
        @Option(name: .customLong("type"), help: "Integrators: an event type it may send (repeatable; 'whistle.sensor.*').") var types: [String] = []
        @Option(name: .customLong("source"), help: "Integrators: a source prefix it may send from (repeatable).") var sources: [String] = []

        func run() async throws {
            let (certificate, secret) = try KeyDirectory(dir).create(
                identity: identity, role: role, topics: topics.isEmpty ? nil : topics, eventTypes: types.isEmpty ? nil : types,
                sources: sources.isEmpty ? nil : sources, at: Date())
            print("\(certificate.identity) (\(certificate.role.rawValue)) public key \(certificate.publicKey)")
            print("API key (shown once; servers keep only its hash): \(secret.apiKey ?? "")")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the certificates in the allow-list.")
        @Option(help: "Keys folder.") var dir = "data/keys"

        func run() async throws {
            for certificate in try KeyDirectory(dir).certificates() {
                let reads = certificate.topics.map { $0.isEmpty ? "*" : $0 }.joined(separator: ",")
                let sends = certificate.eventTypes.map { "  sends " + $0.joined(separator: ",") } ?? ""
                print("\(certificate.identity.padding(toLength: 16, withPad: " ", startingAt: 0)) \(certificate.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \(certificate.publicKey)  reads \(reads.isEmpty ? "-" : reads)\(sends)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a key out of the allow-list; servers refuse it after SIGHUP.")
        @Option(help: "Keys folder.") var dir = "data/keys"
        @Argument(help: "The identity to revoke.") var identity: String

        func run() async throws {
            try KeyDirectory(dir).revoke(identity)
            print("revoked \(identity): send SIGHUP to the services (or restart them) and it is refused from its next connection")
        }
    }
}

extension Role: ExpressibleByArgument {}

/// Every key a suite needs for a city: who, in which role, reading and sending what.
struct KeyPlan {
    struct Key {
        var identity: String
        var role: Role
        var topics: [String]? = nil
        var eventTypes: [String]? = nil
        var sources: [String]? = nil
    }

    let keys: [Key]

    init(city: City, services: [String]) {
        var keys: [Key] = [Key(identity: "bus", role: .service)] + services.map { Key(identity: $0, role: .service) }
        keys += city.departments.map { Key(identity: $0.code, role: .department) }
        if let office = city.district.office { keys.append(Key(identity: office.id, role: .staff, topics: [Topics.caseStatus])) }
        for street in city.streets {
            keys.append(Key(identity: street.office.id, role: .staff, topics: [Topics.caseStatus + street.code + "."]))
            for community in street.communities {
                let area = "\(street.code).\(community.code)."
                let office = Topics.task(of: TaskKind.community.rawValue, at: GridLocation(street: street.code, community: community.code, grid: ""))
                keys.append(Key(identity: community.office.id, role: .staff, topics: [office.name + ".", Topics.caseStatus + area]))
                keys.append(Key(identity: community.mediator.id, role: .staff, topics: [Topics.mediationOpened + area]))
                for grid in community.grids {
                    let worker = Topics.task(of: TaskKind.grid.rawValue, at: GridLocation(street: street.code, community: community.code, grid: grid.code))
                    keys.append(Key(identity: grid.worker.id, role: .staff, topics: [worker.name + "."]))
                    keys.append(Key(identity: grid.mediator.id, role: .staff, topics: [Topics.mediationOpened + area + grid.code + "."]))
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
