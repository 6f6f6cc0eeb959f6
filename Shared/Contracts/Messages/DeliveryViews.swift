public import Envelope
public import Foundation

/// Where a delivery stands: `pending` (owed; retried at `nextAttemptAt`), `delivered`, `failed` (given up).
public enum DeliveryState: String, ContractEnum {
    case pending, delivered, failed
}

/// How a message reaches its recipient: the in-app `inbox` (delivered as it is stored), a signed `webhook`, `email`
/// over SMTP, or `sms` through the city's text-message gateway.
public enum DeliveryChannel: String, ContractEnum {
    case inbox, webhook, email, sms
}

/// Deliveries as operators look for them — `GET /deliveries?state=failed&recipient=r-001&limit=50` on notification's
/// HTTP address and `whistle notify failed`: newest first.
public struct DeliveryList: MessageContract, Equatable {
    public static let messageName = "delivery-list"
    public static let summary = "Notification's deliveries in one state (optionally to one recipient), newest first: what each was about, its attempts, its last error."

    public var deliveries: [DeliverySummary]

    public init(deliveries: [DeliverySummary]) { self.deliveries = deliveries }
}

/// One delivery in a list: to whom, on which channel, about what, how it stands.
public struct DeliverySummary: Codable, Sendable, Equatable {
    public var delivery, recipient: String
    public var channel: DeliveryChannel
    public var kind: NotificationKind
    public var caseID, proposal: String?
    public var state: DeliveryState
    public var attempts: Int
    public var createdAt: Date
    /// When the next attempt is due (pending), when it was delivered.
    public var nextAttemptAt, deliveredAt: Date?
    /// The last attempt's error (`HTTP 500`, a timeout …).
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case delivery, recipient, channel, kind, caseID = "case", proposal, state, attempts, createdAt, nextAttemptAt, deliveredAt, lastError
    }

    public init(delivery: String, recipient: String, channel: DeliveryChannel, kind: NotificationKind, caseID: String?, proposal: String?, state: DeliveryState,
                attempts: Int, createdAt: Date, nextAttemptAt: Date?, deliveredAt: Date?, lastError: String?) {
        (self.delivery, self.recipient, self.channel, self.kind, self.caseID, self.proposal) = (delivery, recipient, channel, kind, caseID, proposal)
        (self.state, self.attempts, self.createdAt, self.nextAttemptAt, self.deliveredAt, self.lastError) = (state, attempts, createdAt, nextAttemptAt,
                                                                                                             deliveredAt, lastError)
    }
}

/// One delivery with every attempt — `GET /deliveries/<id>` and `whistle notify show <id>`.
public struct DeliveryView: MessageContract, Equatable {
    public static let messageName = "delivery-view"
    public static let summary = "One delivery: its summary, its text, and every attempt with its time, HTTP status and error."

    public var summary: DeliverySummary
    public var text: String
    public var attemptLog: [DeliveryAttempt]

    public init(summary: DeliverySummary, text: String, attemptLog: [DeliveryAttempt]) { (self.summary, self.text, self.attemptLog) = (summary, text, attemptLog) }
}

/// One attempt to deliver: its number, when, the receiver's status (HTTP's, SMTP's reply code; none when it did not
/// answer), the error, how long it took (`latencyMs`, from sending to the answer or the failure), and the start of what
/// the receiver said (`response`: up to 200 characters of an HTTP body, or the SMTP reply).
public struct DeliveryAttempt: Codable, Sendable, Equatable {
    public var attempt: Int
    public var at: Date
    public var status: Int?
    public var error: String?
    public var latencyMs: Int?
    public var response: String?

    public init(attempt: Int, at: Date, status: Int?, error: String?, latencyMs: Int? = nil, response: String? = nil) {
        (self.attempt, self.at, self.status, self.error, self.latencyMs, self.response) = (attempt, at, status, error, latencyMs, response)
    }
}

/// A recipient's in-app inbox, newest first, a page at a time — `GET /inbox?recipient=r-001&before=<delivery>&limit=20`
/// (`&unread=true`: the unread only) and `whistle inbox r-001`. `before` (absent on the last page) asks for the next,
/// older page; `unread` counts the recipient's unread messages in all.
public struct InboxPage: MessageContract, Equatable {
    public static let messageName = "inbox-page"
    public static let summary = "A recipient's in-app messages, newest first, a page at a time, with the cursor of the next page and how many are unread."

    public var recipient: String
    public var messages: [InboxMessage]
    public var before: String?
    public var unread: Int

    public init(recipient: String, messages: [InboxMessage], before: String?, unread: Int) {
        (self.recipient, self.messages, self.before, self.unread) = (recipient, messages, before, unread)
    }
}

/// One message in an inbox: what it says, about which case or proposal, when.
public struct InboxMessage: Codable, Sendable, Equatable {
    public var delivery: String
    public var kind: NotificationKind
    public var caseID, proposal: String?
    public var text: String
    public var at: Date
    public var critical: Bool?
    /// When the recipient marked it read (`read` on notification's command endpoint); absent while unread.
    public var readAt: Date?

    enum CodingKeys: String, CodingKey { case delivery, kind, caseID = "case", proposal, text, at, critical, readAt }

    public init(delivery: String, kind: NotificationKind, caseID: String?, proposal: String?, text: String, at: Date, critical: Bool?,
                readAt: Date? = nil) {
        (self.delivery, self.kind, self.caseID, self.proposal, self.text, self.at, self.critical) = (delivery, kind, caseID, proposal, text, at, critical)
        self.readAt = readAt
    }
}
