import ArgumentParser
import CityModel
import Contracts
import Envelope
import Foundation
import Timekeeping

struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "As an operator, see what notification could not deliver, each attempt of one delivery, and send it again.",
        discussion: """
            `failed` lists the deliveries given up (after notification.maxAttempts, a 410 Gone or a mail server's 5xx), newest
            first, with their last error; `--state pending` those still owed. `show` gives one delivery's text and every attempt
            (time, HTTP or SMTP status, error, latency, the receiver's answer) as JSON; `attempts` the same attempts as lines, times
            on the city's clock. `redrive` sends a failed delivery once more (one attempt; failed again if it fails).
            Examples:
              whistle notify failed
              whistle notify failed --recipient r-001 --limit 10
              whistle notify failed --state pending
              whistle notify show 42
              whistle notify attempts 42
              whistle notify redrive 42 --id redrive-42
            JSON: docs/schemas/messages/delivery-list.json, delivery-view.json, commands/notification-command.json. With keys, an
            operator's or a service's key only.
            """)

    enum Verb: String, ExpressibleByArgument, CaseIterable { case failed, show, attempts, redrive }

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "failed | show | attempts | redrive") var verb: Verb
    @Argument(help: "show, attempts, redrive: the delivery's id.") var delivery: String?
    @Option(help: "redrive: command id (default: a new one); retrying with the same id gets the identical answer.") var id: String?
    @Option(help: "failed: pending | delivered | failed (default failed).") var state: String?
    @Option(help: "failed: one recipient's only.") var recipient: String?
    @Option(help: "failed: how many, newest first (1–500, default 50).") var limit: Int?

    func run() async throws {
        let base = "http://\(suite.http("notification"))"
        let url: String
        switch verb {
        case .failed:
            var query = URLComponents(string: base + "/deliveries")!
            query.queryItems = [("state", state ?? "failed"), ("recipient", recipient), ("limit", limit.map(String.init))].compactMap { name, value in
                value.map { URLQueryItem(name: name, value: $0) }
            }
            url = query.string!
        case .show, .attempts:
            guard let delivery else { throw ValidationError("'\(verb.rawValue)' needs the delivery's id") }
            url = base + "/deliveries/" + (delivery.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? delivery)
        case .redrive:
            guard let delivery else { throw ValidationError("'redrive' needs the delivery's id") }
            let command = NotificationCommand(command: id ?? Requests.newCommandID(), action: .redrive, delivery: delivery)
            try await Requests.send(command, to: suite.notificationCommands, security: try suite.security(actingAs: "operator"), server: "notification-1")
            return
        }
        let body = try await Requests.get(url, what: "delivery", apiKey: try suite.apiKey(actingAs: "operator"))
        guard verb == .attempts else { return print(String(decoding: body, as: UTF8.self)) }
        let view = try JSONValueDecoder().decode(DeliveryView.self, from: JSONValue.parse(body))
        print(Self.lines(view, calendar: try suite.city().calendar).joined(separator: "\n"))
    }

    /// `delivery 42 (webhook to r-001, received): delivered after 2 attempts`, then per attempt its number, time on the
    /// city's clock, status, latency, error and what the receiver said.
    static func lines(_ view: DeliveryView, calendar: WorkCalendar) -> [String] {
        let summary = view.summary
        let head = "delivery \(summary.delivery) (\(summary.channel.rawValue) to \(summary.recipient), \(summary.kind.rawValue)): \(summary.state.rawValue) after \(summary.attempts) attempt\(summary.attempts == 1 ? "" : "s")"
        return [head] + view.attemptLog.map { attempt in
            let status = attempt.status.map { (summary.channel == .email ? "SMTP " : "HTTP ") + String($0) } ?? "no answer"
            let parts = ["#\(attempt.attempt)", calendar.localTime(attempt.at), status, attempt.latencyMs.map { "\($0) ms" } ?? "-",
                         attempt.error ?? "", attempt.response.map { "«\($0)»" } ?? ""]
            return parts.filter { !$0.isEmpty }.joined(separator: "  ")
        }
    }
}

struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "A recipient's in-app messages, newest first, a page at a time.",
        discussion: """
            Examples:
              whistle inbox r-001 --as resident-app            # the resident app reads for its residents
              whistle inbox r-001 --before 57 --limit 10       # the next, older page (`before` from the last one)
              whistle inbox r-001 --unread                     # the unread only
              whistle inbox gw-g01 --read 57 --read 58         # mark two read (with the grid worker's key), then list
            JSON: docs/schemas/messages/inbox-page.json. With keys: an operator, a service or an integrator (the resident app)
            reads and marks any resident's; a staff or department key its own only (403 / forbidden otherwise).
            """)

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "The recipient (a resident id, r-001).") var recipient: String
    @Option(help: "Only messages older than this delivery (the previous page's `before`).") var before: String?
    @Option(help: "How many (1–500, default 20).") var limit: Int?
    @Flag(help: "The unread messages only.") var unread = false
    @Option(help: "Mark this message read first (repeatable).") var read: [String] = []

    func run() async throws {
        // The recipient's own key when it has one (staff, departments), else the operator's (residents have no keys).
        if !read.isEmpty {
            let command = NotificationCommand(command: Requests.newCommandID(), action: .read, recipient: recipient, deliveries: read)
            let security = try (try? suite.security(actingAs: recipient)) ?? suite.security(actingAs: "operator")
            try Requests.report(try await Requests.ask(suite.notificationCommands, try JSONValueEncoder().encode(command).jsonData(), security: security,
                                                       server: "notification-1"))
        }
        var query = URLComponents(string: "http://\(suite.http("notification"))/inbox")!
        query.queryItems = [URLQueryItem(name: "recipient", value: recipient)]
            + [("before", before), ("limit", limit.map(String.init)), ("unread", unread ? "true" : nil)]
            .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        let apiKey = try (try? suite.apiKey(actingAs: recipient)) ?? suite.apiKey(actingAs: "operator")
        print(String(decoding: try await Requests.get(query.string!, what: "inbox", apiKey: apiKey), as: UTF8.self))
    }
}
