import ArgumentParser
import Dispatch
import Foundation
import Yams
import CityModel
import Credentials

struct UpCommand: AsyncParsableCommand {
    /// The service instances `whistle up` runs (besides the bus).
    static let instances = ["intake-1", "dispatch-1", "mediation-1", "notification-1", "console-1"]

    static let configuration = CommandConfiguration(
        commandName: "up", abstract: "Start the whole suite on loopback with the embedded demo city; restart what crashes.",
        discussion: """
            Example: whistle up --data data --webhook r-001=http://127.0.0.1:9999/hooks/r-001 \\
                         --webhook-secret r-001=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \\
                         --smtp mail.example.org:587 --smtp-from whistle@city.example.org --email cg=duty@cg.example.org \\
                         --sms-gateway http://127.0.0.1:9998/sms --phone gw-g01=13900000001
            (Ctrl-C or SIGTERM stops everything gracefully)
            Redundant buses: whistle up --buses 2   (bus on base, base+1; bus-2 on base+2, base+3; export WHISTLE_BUSES=2 for the
            other commands). A slow machine: whistle up --start-timeout 180
            Prints one line per service when it is ready, then 'suite ready'. Service logs go to <data>/logs/.
            Restarts: \(RestartPolicy().summary). Each exit and restart is printed ("dispatch exited (status 9) after 42 s;
            restarting in 0.5 s", then "ready dispatch: …").
            Every socket is CURVE-secured with the development keys it makes (once) in <data>/keys. The other whistle commands
            look for data/keys in the folder they are run from; from anywhere else give --keys <data>/keys or export WHISTLE_KEYS
            (the ready banner prints the line to paste). --plaintext runs without them.
            """)

    @OptionGroup var suite: SuiteAddresses
    @Option(help: "Folder for every service's store and logs; survives restarts.") var data = "data"
    @Flag(help: "Run without CURVE: no keys, every socket plaintext (development only).") var plaintext = false
    @Option(name: .customLong("webhook"), help: "RECIPIENT=URL: deliver that resident's (or department's, grid worker's, office's, mediator's) notifications to this webhook (repeatable).")
    var webhooks: [String] = []
    @Option(name: .customLong("webhook-secret"),
            help: "RECIPIENT=whsec_…: sign that recipient's webhook deliveries with this Standard Webhooks secret (repeat for a second one while rotating).")
    var webhookSecrets: [String] = []
    @Option(name: .customLong("email"), help: "RECIPIENT=ADDRESS: e-mail that recipient's notifications there too (repeatable; needs --smtp).")
    var emails: [String] = []
    @Option(help: "HOST:PORT of the mail server notification sends e-mail through (STARTTLS whenever it offers it).")
    var smtp: String?
    @Option(help: "The sender's address on e-mail (From, MAIL FROM; its domain names each Message-ID).") var smtpFrom: String?
    @Option(help: "PEM file of the certificates that may vouch for the mail server's (instead of the system's).") var smtpCa: String?
    @Option(help: "URL of the text-message gateway each SMS part is POSTed to (JSON: to, text, reference); residents with a phone in the city file get SMS.")
    var smsGateway: String?
    @Option(name: .customLong("phone"), help: "RECIPIENT=NUMBER: text that recipient's notifications to this mobile number (repeatable; needs --sms-gateway).")
    var phones: [String] = []
    @Option(help: "Text messages one recipient gets per day at most (emergencies go past it; default 20).") var smsDailyCap: Int?
    @Option(help: "YAML file of notification texts over the built-in ones: kind → language → default or a channel → template (docs/protocol.md §10).")
    var templates: String?
    @Option(help: "Seconds a service must run before its next crash is counted as a first one again (restart after 0.5 s).")
    var healthyAfter: Double = 30
    @Option(help: "Seconds a service may take to start before it counts as failed (a slow machine may need more).")
    var startTimeout: Double = 60

    /// `["r-001=VALUE"]` of `option` as (recipient, value) pairs, each value checked by `valid` (`form` names the shape).
    static func pairs(_ given: [String], option: String, form: String, valid: (String) -> Bool) throws -> [(recipient: String, value: String)] {
        try given.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, valid(parts[1]) else { throw ValidationError("--\(option) takes \(form), got '\(pair)'") }
            return (parts[0], parts[1])
        }
    }

    /// Pairs as the YAML flow mapping the notification service reads: `{r-001: 'value'}`.
    static func flowMapping(_ pairs: [(recipient: String, value: String)]) -> String {
        "{" + pairs.map { "\($0.recipient): '\($0.value)'" }.joined(separator: ", ") + "}"
    }

    /// `["r-001=http://…"]` as the YAML flow mapping the notification service reads.
    func webhookMap() throws -> String {
        Self.flowMapping(try Self.pairs(webhooks, option: "webhook", form: "RECIPIENT=URL") { $0.hasPrefix("http") })
    }

    /// `["r-001=whsec_…"]` as the YAML flow mapping of lists the notification service reads.
    func webhookSecretMap() throws -> String {
        let secrets = Dictionary(grouping: try Self.pairs(webhookSecrets, option: "webhook-secret", form: "RECIPIENT=whsec_…") { $0.hasPrefix("whsec_") },
                                 by: \.recipient)
        return "{" + secrets.sorted { $0.key < $1.key }.map { "\($0.key): [\($0.value.map { "'\($0.value)'" }.joined(separator: ", "))]" }.joined(separator: ", ") + "}"
    }

    /// `--email`, `--smtp*`, `--phone` and `--sms-*` as the notification service's environment.
    func mailEnvironment() throws -> [String: String] {
        var environment = ["WHISTLE_NOTIFICATION__EMAILS": Self.flowMapping(try Self.pairs(emails, option: "email", form: "RECIPIENT=ADDRESS") { $0.contains("@") })]
        let numbers = try Self.pairs(phones, option: "phone", form: "RECIPIENT=NUMBER") { !$0.isEmpty }
        guard smsGateway != nil || phones.isEmpty else { throw ValidationError("--phone needs --sms-gateway URL, the gateway to send through") }
        environment["WHISTLE_NOTIFICATION__PHONES"] = Self.flowMapping(numbers)
        environment["WHISTLE_NOTIFICATION__SMS__URL"] = smsGateway
        environment["WHISTLE_NOTIFICATION__SMS__DAILY_CAP"] = smsDailyCap.map(String.init)
        environment["WHISTLE_NOTIFICATION__TEMPLATES"] = try templates.map(Self.templateMapping)
        guard let smtp else {
            guard emails.isEmpty else { throw ValidationError("--email needs --smtp HOST:PORT, the mail server to send through") }
            return environment
        }
        guard let colon = smtp.lastIndex(of: ":"), let port = Int(smtp[smtp.index(after: colon)...]), colon > smtp.startIndex else {
            throw ValidationError("--smtp takes HOST:PORT, got '\(smtp)'")
        }
        environment["WHISTLE_NOTIFICATION__SMTP__HOST"] = String(smtp[..<colon])
        environment["WHISTLE_NOTIFICATION__INTAKE"] = "http://" + suite.http("intake")       // Open311 requesters' addresses
        environment["WHISTLE_NOTIFICATION__SMTP__PORT"] = String(port)
        environment["WHISTLE_NOTIFICATION__SMTP__FROM"] = smtpFrom
        environment["WHISTLE_NOTIFICATION__SMTP__CA_FILE"] = smtpCa.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        return environment
    }

    func run() async throws {
        let dataURL = URL(fileURLWithPath: data).standardizedFileURL
        try FileManager.default.createDirectory(at: dataURL.appendingPathComponent("logs"), withIntermediateDirectories: true)
        // Every service publishes to and subscribes from every bus (YAML's flow style: a list of buses).
        let buses = zip(suite.busPublish, suite.busSubscribe).map { "{publish: '\($0)', subscribe: '\($1)'}" }
        var common = ["WHISTLE_BUS": "[" + buses.joined(separator: ", ") + "]"]
        let city = suite.cityPath.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        common["WHISTLE_CITY"] = city
        if !plaintext {
            let keys = dataURL.appendingPathComponent("keys").path
            let directory = KeyDirectory(keys)
            for key in KeyPlan(city: try City.configured(city), services: Self.instances).keys
            where !FileManager.default.fileExists(atPath: directory.certificatePath(key.identity)) {
                try directory.create(identity: key.identity, role: key.role, topics: key.topics, eventTypes: key.eventTypes, sources: key.sources,
                                     actsFor: key.actsFor, at: Date())
            }
            common["WHISTLE_SECURITY__KEYS"] = keys
        }
        func service(_ name: String, _ extra: [String: String], executable: String? = nil) -> ChildSpec {
            var environment = common.merging(extra) { $1 }
            if !suite.busNames.contains(name) { environment["WHISTLE_DATA_DIRECTORY"] = dataURL.appendingPathComponent(name).path }   // a bus keeps nothing
            environment["WHISTLE_HTTP"] = suite.http(name)
            return ChildSpec(name: name, executable: executable ?? "whistle-\(name)", environment: environment,
                             log: dataURL.appendingPathComponent("logs/\(name).log"))
        }
        // Each bus binds its own two addresses; all of them hold the bus's key.
        let busChildren = suite.busNames.indices.map { index in
            service(suite.busNames[index], ["WHISTLE_BUS": "{publish: '\(suite.busPublish[index])', subscribe: '\(suite.busSubscribe[index])'}",
                                            "WHISTLE_NAME": suite.busNames[index], "WHISTLE_SECURITY__IDENTITY": "bus"], executable: "whistle-bus")
        }
        guard healthyAfter > 0, healthyAfter.isFinite else { throw ValidationError("--healthy-after must be a positive number of seconds") }
        guard startTimeout > 0, startTimeout.isFinite else { throw ValidationError("--start-timeout must be a positive number of seconds") }
        let policy = RestartPolicy(healthyAfter: .milliseconds(Int(healthyAfter * 1000)))
        let supervisor = Supervisor(policy: policy, startTimeout: .milliseconds(Int(startTimeout * 1000)), children: busChildren + [
            service("intake", ["WHISTLE_INTAKE__INGEST": suite.ingest, "WHISTLE_INTAKE__OPEN311": suite.open311,
                                       "WHISTLE_INTAKE__COMMANDS": suite.deviceCommands, "WHISTLE_NAME": "intake-1"]),
            service("dispatch", ["WHISTLE_DISPATCH__COMMANDS": suite.commands, "WHISTLE_NAME": "dispatch-1"]),
            service("mediation", ["WHISTLE_MEDIATION__COMMANDS": suite.mediatorCommands, "WHISTLE_NAME": "mediation-1"]),
            service("notification", ["WHISTLE_NAME": "notification-1", "WHISTLE_NOTIFICATION__COMMANDS": suite.notificationCommands,
                                     "WHISTLE_NOTIFICATION__WEBHOOKS": try webhookMap(),
                                     "WHISTLE_NOTIFICATION__WEBHOOK_SECRETS": try webhookSecretMap()].merging(try mailEnvironment()) { $1 }),
            service("console", ["WHISTLE_NAME": "console-1", "WHISTLE_CONSOLE__WEB": suite.consoleWeb, "WHISTLE_CONSOLE__DISPATCH": suite.commands,
                                 "WHISTLE_CONSOLE__DISPATCH_READS": "http://" + suite.http("dispatch"),
                                 "WHISTLE_CONSOLE__MEDIATION_READS": "http://" + suite.http("mediation"),
                                 "WHISTLE_CONSOLE__INTAKE_READS": "http://" + suite.http("intake")]),
        ])
        var keysHint = plaintext ? "" : "\n  export WHISTLE_KEYS=\(dataURL.appendingPathComponent("keys").path)   # lets whistle find the keys from any folder"
        if suite.busCount > 1 { keysHint += "\n  export WHISTLE_BUSES=\(suite.busCount)   # lets whistle status, tail and listen use every bus" }
        try await supervisor.run {
            Console.line("""
                suite ready — try, in another shell:\(keysHint)
                  whistle status                               # health of every service
                  whistle tail status.                         # watch case status changes (as the operator)
                  whistle staff co-c01 listen                  # be the community office 中山社区居委会: its tasks as they come
                  whistle report --category gkpw --longitude 106.652 --latitude 35.5315 --description "7楼往下扔花盆" --reporter r-001
                  whistle staff co-c01 whistle <case id>       # 吹哨: the community office summons the departments
                  whistle dept cg ack <case id>-cg             # 报到: 城管 reports for duty
                  whistle case <case id> --timeline            # the ladder, step by step
                  whistle stats --by community --csv           # 考评
                  curl http://\(suite.open311)/open311/v2/services.json   # Open311 GeoReport v2 (api_key: data/keys/secret/hotline.json)
                  open http://\(suite.consoleWeb)/ in a browser      # the command centre's web console
                    (\(developmentLogin(dataURL)))
                """)
        }
    }
}

extension UpCommand {
    /// How to sign in to the console on a development suite: the operator's API key (each office's and grid worker's
    /// is beside it), or with `--plaintext` a name.
    func developmentLogin(_ data: URL) -> String {
        guard !plaintext else { return "sign in as operator, co-c01, gw-g01 or cg (plaintext: by name)" }
        let file = data.appendingPathComponent("keys/secret/operator.json")
        guard let bytes = FileManager.default.contents(atPath: file.path),
              let secret = try? JSONDecoder().decode(SecretKeyFile.self, from: bytes), let key = secret.apiKey else {
            return "sign in with an API key from \(data.appendingPathComponent("keys/secret").path)/<identity>.json"
        }
        return "development login: the operator's API key \(key) (co-c01's, gw-g01's … are in \(file.deletingLastPathComponent().path)/<identity>.json)"
    }

    /// The templates file as one JSON line (YAML's flow style) for notification's environment; notification checks what
    /// each template names when it starts.
    static func templateMapping(_ path: String) throws -> String {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw ValidationError("--templates: cannot read '\(path)': \(error.localizedDescription)") }
        guard let templates = try? YAMLDecoder().decode([String: [String: [String: String]]].self, from: text) else {
            throw ValidationError("--templates: '\(path)' is not kind → language → channel → template (task-assigned: {zh-CN: {sms: '…'}})")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(templates), as: UTF8.self)
    }
}
