import ArgumentParser
import Contracts
import Foundation

struct RecipientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipients", abstract: "Set a recipient's quiet hours, the kinds not pushed to them, a digest and their language, or where they are reached; or show them.",
        discussion: """
            During quiet hours (the city's clock) webhook and e-mail messages wait until the hours end — the inbox has them at
            once; emergencies, overdue stages and 督办 are never held. Muted kinds are not pushed at all (they stay in the inbox).
            A grid worker, an office, a department or a duty officer may take a digest instead (--digest): one message per
            period with their open, yellow and red items; each step's message then stays in the inbox, and only emergencies,
            overdue stages and 督办 are pushed at once.
            `set` replaces what was set before: without --quiet, no quiet hours; without --mute, nothing muted; without
            --digest, a message per step; without --language, zh-CN. `channels` sets where they are reached — their own webhook,
            e-mail address and mobile number over the configured ones (e-mail and SMS where a mail server and a gateway are
            configured); without any, the configured ones again. `set` leaves the channels as they are, and `channels` the rest.
            Examples:
              whistle recipients set gw-g01 --quiet 22:00-07:00 --mute task-reminded     # the grid worker, with its own key
              whistle recipients set r-001 --quiet 21:30-08:00 --as resident-app         # the resident app, for its resident
              whistle recipients set cg-day --digest 1d@08:00 --as cg                    # the department, for its duty officer
              whistle recipients set gw-g01 --digest 1h                                  # each hour on the hour
              whistle recipients set r-002 --language en --as resident-app               # English messages
              whistle recipients channels r-005 --webhook https://app.example.org/hooks/r-005 --phone 13900000005 --as resident-app
              whistle recipients show gw-g01
            JSON: docs/schemas/commands/notification-command.json, messages/recipient-preferences.json. With keys: a staff member
            or department sets its own (a department also its duty officers'); the resident app (an integrator) its residents'; an operator anyone's.
            """)

    enum Verb: String, ExpressibleByArgument, CaseIterable { case set, channels, show }

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "set | channels | show") var verb: Verb
    @Argument(help: "The recipient: a resident (r-001), a staff member (gw-g01), a department (cg).") var recipient: String
    @Option(help: "set: quiet hours FROM-UNTIL on the city's clock (22:00-07:00).") var quiet: String?
    @Option(help: "set: a kind not to push (repeatable): task-reminded, case-reminded, assigned …") var mute: [String] = []
    @Option(help: "set: a digest every PERIOD (20s, 30m, 1h, 1d; 10 s to a day) from @HH:MM on the city's clock (default 00:00): 1d@08:00.")
    var digest: String?
    @Option(help: "set: the language of their messages: zh-CN (the default) or en.") var language: Language?
    @Option(help: "channels: their webhook, an http(s) URL.") var webhook: String?
    @Option(help: "channels: their e-mail address.") var email: String?
    @Option(help: "channels: their mobile number.") var phone: String?
    @Option(help: "set, channels: command id (default: a new one); retrying with the same id gets the identical answer.") var id: String?

    func run() async throws {
        switch verb {
        case .show:
            let url = "http://\(suite.http("notification"))/recipients/" + (recipient.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_"))) ?? recipient)
            let apiKey = try (try? suite.apiKey(actingAs: recipient)) ?? suite.apiKey(actingAs: "operator")
            print(String(decoding: try await Requests.get(url, what: "recipient", apiKey: apiKey), as: UTF8.self))
        case .channels:
            let command = NotificationCommand(command: id ?? Requests.newCommandID(), channelsOf: recipient, webhook: webhook, email: email, phone: phone)
            let security = try (try? suite.security(actingAs: recipient)) ?? suite.security(actingAs: "operator")
            try await Requests.send(command, to: suite.notificationCommands, security: security, server: "notification-1")
        case .set:
            let hours = try quiet.map { window -> QuietHours in
                let parts = window.split(separator: "-").map(String.init)
                guard parts.count == 2 else { throw ValidationError("--quiet takes FROM-UNTIL, as 22:00-07:00; got '\(window)'") }
                return QuietHours(from: parts[0], until: parts[1])
            }
            let kinds = try mute.map { name -> NotificationKind in
                guard let kind = NotificationKind(rawValue: name) else {
                    throw ValidationError("--mute takes a kind (\(NotificationKind.allCases.map(\.rawValue).joined(separator: ", "))); got '\(name)'")
                }
                return kind
            }
            let command = NotificationCommand(command: id ?? Requests.newCommandID(), action: .prefer, recipient: recipient, quietHours: hours,
                                              mute: kinds.isEmpty ? nil : kinds, digest: try digest.map(Self.schedule), language: language)
            // The recipient's own key when it has one (staff, departments), else the operator's (residents have no keys).
            let security = try (try? suite.security(actingAs: recipient)) ?? suite.security(actingAs: "operator")
            try await Requests.send(command, to: suite.notificationCommands, security: security, server: "notification-1")
        }
    }

    /// `1d@08:00`, `30m`: the period in seconds, minutes, hours or days, and the time of day the day's periods start from.
    static func schedule(_ text: String) throws -> DigestSchedule {
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        guard let period = parts.first, let unit = period.last.flatMap({ units[$0] }), let count = Int(period.dropLast()), count > 0 else {
            throw ValidationError("--digest takes a period as 20s, 30m, 1h or 1d, optionally @HH:MM (1d@08:00); got '\(text)'")
        }
        return DigestSchedule(every: count * unit, at: parts.count == 2 ? parts[1] : nil)
    }
}

