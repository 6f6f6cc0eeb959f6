public import Envelope

/// A command to notification, on its command endpoint. An operator sends a failed delivery again (`redrive`) — once:
/// one more attempt, and if that fails too the delivery is failed again. A recipient's preferences are set (`prefer`):
/// quiet hours on the city's clock, during which messages other than emergencies, overdue stages and 督办 wait (the inbox
/// has them at once), and kinds they do not want pushed (webhook, e-mail) — those stay in the inbox.
///
/// A grid worker or a department's duty officer may choose a `digest` instead: one message per period listing their
/// open, yellow and red items, the period's boundaries on the city's clock from `at` (default 00:00) every `every`
/// seconds; the messages of each step then stay in their inbox, and only emergencies, overdue stages and 督办 are pushed
/// at once. A recipient marks inbox messages read (`read`), and says where they are reached (`channels`: their own
/// webhook, e-mail address and mobile number, over the city file's and the configuration's).
///
///     {"command":"n-1","action":"redrive","delivery":"42"}
///     {"command":"n-3","action":"read","recipient":"r-001","deliveries":["57","58"]}
///     {"command":"n-2","action":"prefer","recipient":"gw-g01","quietHours":{"from":"22:00","until":"07:00"},"mute":["task-reminded"]}
///     {"command":"n-4","action":"prefer","recipient":"cg-day","digest":{"every":86400,"at":"08:00"}}
///     {"command":"n-5","action":"prefer","recipient":"r-002","language":"en"}
///     {"command":"n-6","action":"channels","recipient":"r-005","webhook":"https://app.example.org/hooks/r-005","phone":"13900000005"}
public struct NotificationCommand: CommandContract, Equatable {
    public static let commandName = "notification-command"
    public static let summary = "Send a failed delivery once more (an operator); set a recipient's quiet hours, muted kinds, digest and language, or where they are reached; mark inbox messages read."

    public var command: String
    public var action: NotificationAction
    /// `redrive`: the delivery's id, as `GET /deliveries` and `whistle notify failed` list it.
    public var delivery: String?
    /// `prefer`: whose preferences; they replace the recipient's previous ones (no `quietHours`: none; no `mute`: none).
    public var recipient: String?
    public var quietHours: QuietHours?
    public var mute: [NotificationKind]?
    /// `prefer`: a digest per period instead of a message per step (grid workers and duty officers; none: per step).
    public var digest: DigestSchedule?
    /// `prefer`: the language their messages are written in (none: `zh-CN`).
    public var language: Language?
    /// `read`: the recipient's inbox messages (1–500 ids) now read.
    public var deliveries: [String]?
    /// `channels`: where the recipient is reached from now on — each replaces the configured one; none: the configured.
    public var webhook, email, phone: String?

    public init(command: String, action: NotificationAction, delivery: String? = nil, recipient: String? = nil, quietHours: QuietHours? = nil,
                mute: [NotificationKind]? = nil, digest: DigestSchedule? = nil, language: Language? = nil, deliveries: [String]? = nil) {
        (self.command, self.action, self.delivery, self.recipient, self.quietHours, self.mute) = (command, action, delivery, recipient, quietHours, mute)
        (self.digest, self.language, self.deliveries) = (digest, language, deliveries)
    }

    /// `channels`: where `recipient` is reached.
    public init(command: String, channelsOf recipient: String, webhook: String?, email: String?, phone: String?) {
        self.init(command: command, action: .channels, recipient: recipient)
        (self.webhook, self.email, self.phone) = (webhook, email, phone)
    }
}

/// What a notification command does.
public enum NotificationAction: String, ContractEnum {
    case redrive, prefer, read, channels
}

/// A daily window on the city's clock, `HH:MM` to `HH:MM` (`22:00` to `07:00` runs past midnight); `from` is in it,
/// `until` is not.
public struct QuietHours: Codable, Sendable, Equatable {
    public var from, until: String

    public init(from: String, until: String) { (self.from, self.until) = (from, until) }
}

/// When a digest goes: every `every` seconds (60 to 604,800 — a minute to a week) from `at` (`HH:MM` on the city's clock,
/// default `00:00`) each day — `{"every":86400,"at":"08:00"}` is each morning at eight, `{"every":3600}` each hour on the hour.
public struct DigestSchedule: Codable, Sendable, Equatable {
    public var every: Int
    public var at: String?

    public init(every: Int, at: String? = nil) { (self.every, self.at) = (every, at) }
}

/// The language a recipient's messages are written in: Simplified Chinese (the default) or English. Names from the city
/// file (places, departments, categories) stay as the city wrote them.
public enum Language: String, ContractEnum {
    case zhCN = "zh-CN", en
}
