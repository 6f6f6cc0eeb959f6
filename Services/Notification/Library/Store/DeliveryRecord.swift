import Contracts
import Foundation
import GRDB
import StoreKit

/// A message owed to someone on one channel (table `notification_delivery`).
struct DeliveryRecord: StoredRecord {
    static let databaseTableName = "notification_delivery"
    var id: Int64?
    /// `eventID` is the event that caused it (`<source>#<id>`): an event makes one delivery per recipient and channel.
    var eventID, recipient, text: String
    var channel: DeliveryChannel
    var language: Language
    /// What it is about: a case, or a proposal (exactly one of the two).
    var caseID, proposal: String?
    var address: String?
    var kind: NotificationKind
    var state: DeliveryState
    var attempts: Int
    /// Set by a redrive: the attempt after which the delivery is given up, whatever the answer.
    var lastAttempt: Int?
    var nextAttemptAt, createdAt: Date
    var deliveredAt: Date?
    /// About an emergency: sent before anything else that is due, and marked critical.
    var critical: Bool
    /// Waiting for the recipient's quiet hours to end.
    var heldUntil: Date?
    /// An inbox message the recipient marked read.
    var readAt: Date?
    /// Where it goes (`Breakers.endpoint`): a webhook's `scheme://host:port`, `email`, `sms`; nil in the inbox.
    var endpoint: String?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case id, eventID = "event_id", recipient, channel, address, kind, caseID = "case_id", proposal = "proposal_id", text, state, attempts
        case nextAttemptAt = "next_attempt_at", createdAt = "created_at", deliveredAt = "delivered_at", critical, lastAttempt = "last_attempt", heldUntil = "held_until", readAt = "read_at", endpoint
        case language
    }
    typealias Columns = CodingKeys

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// How it stands, as the domain decides about it.
    var standing: DeliveryStanding {
        DeliveryStanding(id: id ?? 0, channel: channel, state: state, attempts: attempts, subject: subject)
    }

    /// The lane it goes out in: its recipient's messages on its channel, one at a time, in order.
    var lane: DeliveryLane { DeliveryLane(recipient: recipient, channel: channel) }

    init(_ delivery: Delivery) {
        (eventID, recipient, channel, text, address) = (delivery.eventID, delivery.recipient, delivery.channel, delivery.text, delivery.address)
        language = delivery.language
        (caseID, proposal) = (delivery.subject.caseID, delivery.subject.proposal)
        (kind, state, attempts, nextAttemptAt, createdAt) = (delivery.kind, delivery.state, 0, delivery.nextAttemptAt, delivery.createdAt)
        (deliveredAt, critical, heldUntil) = (delivery.deliveredAt, delivery.critical, delivery.heldUntil)
        endpoint = delivery.channel == .inbox ? nil : Breakers.endpoint(of: delivery.channel, address: delivery.address)
    }
}

/// A recipient's preferences (table `notification_recipient`): quiet hours on the city's clock, kinds not pushed.
struct RecipientRecord: StoredRecord {
    static let databaseTableName = "notification_recipient"
    var recipient: String
    var quietFrom, quietUntil: String?
    /// The muted kinds, a JSON array.
    var mute: String
    var updatedAt: Date
    /// The digest chosen (every `digestEvery` seconds from `digestAt`), and when the next falls due: a durable timer.
    var digestEvery: Int?
    var digestAt: String?
    var digestDue: Date?
    var language: Language
    /// Where they asked to be reached (`channels`).
    var webhook, email, phone: String?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case recipient, quietFrom = "quiet_from", quietUntil = "quiet_until", mute, updatedAt = "updated_at"
        case digestEvery = "digest_every", digestAt = "digest_at", digestDue = "digest_due", language, webhook, email, phone
    }
    typealias Columns = CodingKeys

    var preferences: Preferences {
        let kinds = (try? JSONDecoder().decode([NotificationKind].self, from: Data(mute.utf8))) ?? []
        return Preferences(quietHours: quietFrom.flatMap { from in quietUntil.map { QuietHours(from: from, until: $0) } }, mute: Set(kinds),
                           digest: digestEvery.map { DigestSchedule(every: $0, at: digestAt) }, language: language,
                           channels: RecipientChannels(webhook: webhook, email: email, phone: phone))
    }
}

/// A recipient on a channel: their messages there go out one at a time, in the order of the steps.
struct DeliveryLane: Hashable, Sendable {
    var recipient: String
    var channel: DeliveryChannel
}

/// One attempt to deliver (table `notification_attempt`).
struct AttemptRecord: StoredRecord {
    static let databaseTableName = "notification_attempt"
    var deliveryID: Int64
    var attempt: Int
    var status: Int?
    var at: Date
    var error: String?
    /// How long the receiver took to answer (or to fail), and the start of what it said.
    var latencyMilliseconds: Int?
    var response: String?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case deliveryID = "delivery_id", attempt, at, status, error, latencyMilliseconds = "latency_ms", response
    }
    typealias Columns = CodingKeys
}

/// Someone following a case besides its reporter (table `notification_follower`).
struct FollowerRecord: StoredRecord {
    static let databaseTableName = "notification_follower"
    var caseID, recipient: String

    enum CodingKeys: String, CodingKey, ColumnExpression { case caseID = "case_id", recipient }
    typealias Columns = CodingKeys
}

/// A resident who votes for a household a proposal asked: they hear how it goes (table `notification_proposal_audience`).
struct AudienceRecord: StoredRecord {
    static let databaseTableName = "notification_proposal_audience"
    var proposal, recipient: String

    enum CodingKeys: String, CodingKey, ColumnExpression { case proposal = "proposal_id", recipient }
    typealias Columns = CodingKeys
}

/// A case that is an emergency: its notices are critical (table `notification_critical_case`).
struct CriticalCaseRecord: StoredRecord {
    static let databaseTableName = "notification_critical_case"
    var caseID: String

    enum CodingKeys: String, CodingKey, ColumnExpression { case caseID = "case_id" }
}

/// A task open with its holder, for their digest (table `notification_open_task`).
struct OpenTaskRecord: StoredRecord {
    static let databaseTableName = "notification_open_task"
    var task, caseID, holder, what: String
    var light: TrafficLight
    var stage: Stage
    var dueAt, handleBy: Date
    /// Not open now (done, returned, withdrawn); it may open again until its case closes.
    var closed = false

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case task, caseID = "case_id", holder, what, light, stage, dueAt = "due_at", handleBy = "handle_by", closed
    }
    typealias Columns = CodingKeys

    init(_ item: OpenItem) {
        (task, caseID, holder, what, light, stage) = (item.task, item.caseID, item.holder, item.what, item.light, item.stage)
        (dueAt, handleBy) = (item.dueAt, item.handleBy)
    }

    var item: OpenItem {
        OpenItem(task: task, caseID: caseID, holder: holder, what: what, light: light, stage: stage, dueAt: dueAt, handleBy: handleBy)
    }
}
