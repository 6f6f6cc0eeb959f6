public import Contracts
public import Foundation

/// Where each recipient hears besides the in-app inbox: their webhook, their e-mail address, their mobile number.
public struct Addressbook: Sendable, Equatable {
    public var webhooks, emails, phones: [String: String]
    /// Whether Open311 requesters (reporters `o311-…`) are e-mailed: their address stays in intake and is asked for when
    /// a message goes.
    public var requesters: Bool
    /// Whether e-mail and text messages go out at all (a mail server, a gateway is configured).
    public var mail, sms: Bool

    public init(webhooks: [String: String] = [:], emails: [String: String] = [:], phones: [String: String] = [:], requesters: Bool = false,
                mail: Bool = false, sms: Bool = false) {
        (self.webhooks, self.emails, self.phones, self.requesters, self.mail, self.sms) = (webhooks, emails, phones, requesters, mail, sms)
    }

    /// The channels `recipient` hears on, each with its address: always the inbox, then a webhook, e-mail and text
    /// messages when they have them — their `own` over the configured ones; an Open311 requester by e-mail, its address
    /// left to be asked for (nil).
    public func channels(of recipient: String, own: RecipientChannels = RecipientChannels()) -> [(channel: DeliveryChannel, address: String?)] {
        var channels: [(channel: DeliveryChannel, address: String?)] = [(.inbox, nil)]
        if let webhook = own.webhook ?? webhooks[recipient] { channels.append((.webhook, webhook)) }
        if let email = (mail ? own.email : nil) ?? emails[recipient] {
            channels.append((.email, email))
        } else if requesters, RequesterReference.token(of: recipient) != nil {
            channels.append((.email, nil))
        }
        if let phone = (sms ? own.phone : nil) ?? phones[recipient] { channels.append((.sms, phone)) }
        return channels
    }
}

/// A message owed to someone on one channel: the in-app inbox (delivered as it is stored), a webhook or e-mail.
public struct Delivery: Sendable, Equatable {
    /// The event that caused it (`<source>#<id>`): an event makes one delivery per recipient and channel.
    public var eventID, recipient, text: String
    public var channel: DeliveryChannel
    /// The language `text` is written in.
    public var language: Language = .zhCN
    public var subject: NoticeSubject
    public var address: String?
    public var kind: NotificationKind
    public var state: DeliveryState
    public var nextAttemptAt, createdAt: Date
    public var deliveredAt: Date?
    /// About an emergency: sent before anything else that is due, and marked critical.
    public var critical: Bool
    /// Waiting for the recipient's quiet hours to end (then due): it holds up nothing behind it meanwhile.
    public var heldUntil: Date?
}

/// What became of one delivery attempt, and what the delivery becomes after it.
public struct AttemptOutcome: Sendable, Equatable {
    /// The attempt's number (1-based), its HTTP status and what went wrong, if anything.
    public var attempt: Int
    public var status: Int?
    public var error: String?
    /// The delivery after it: delivered, pending again (retried at `nextAttemptAt`), or failed for good.
    public var state: DeliveryState
    public var nextAttemptAt: Date
    public var deliveredAt: Date?
}

/// Notification's decisions about deliveries.
public enum DeliveryDesk {
    /// The deliveries a notice makes: to its recipient and to everyone following the case, each in the in-app
    /// inbox and, for those with them, by webhook, e-mail and SMS — unless the recipient muted the kind (or chose a digest);
    /// held until their quiet hours end (`utcOffset`: the city's clock) unless it is urgent; each in the recipient's
    /// language, as its channel has it.
    public static func deliveries(of notice: Notice, followers: [String], addresses: Addressbook, preferences: [String: Preferences] = [:],
                                  utcOffset: Int = 0, critical: Bool, event: String, now: Date) -> [Delivery] {
        ([notice.recipient] + followers.filter { $0 != notice.recipient }).flatMap { recipient in
            let wanted = preferences[recipient] ?? Preferences()
            let held = wanted.heldUntil(notice.kind, critical: critical, now: now, utcOffset: utcOffset)
            let language = wanted.language
            return addresses.channels(of: recipient, own: wanted.channels).compactMap { channel, address -> Delivery? in
                let text = notice.text(in: language, on: channel)
                if channel == .inbox {
                    return Delivery(eventID: event, recipient: recipient, text: text, channel: channel, language: language, subject: notice.subject,
                                    address: nil, kind: notice.kind, state: .delivered, nextAttemptAt: now, createdAt: now, deliveredAt: now, critical: critical)
                }
                guard wanted.pushes(notice.kind, critical: critical) else { return nil }
                return Delivery(eventID: event, recipient: recipient, text: text, channel: channel, language: language, subject: notice.subject,
                                address: address, kind: notice.kind, state: .pending, nextAttemptAt: held ?? now, createdAt: now, critical: critical,
                                heldUntil: held)
            }
        }
    }

    /// After the `attempt`-th try (1-based) of delivery `seed` on `channel` answered `status` (nil: no answer; with
    /// `retryAfter` seconds asked) or failed with `error`: a 2xx (HTTP 200–299, SMTP 250) delivers it; anything else is
    /// tried again as the policy says, or fails for good.
    public static func after(attempt: Int, status: Int?, error: String?, retryAfter: TimeInterval? = nil, seed: Int64 = 0,
                             channel: DeliveryChannel = .webhook, lastAttempt: Int? = nil, policy: RetryPolicy, now: Date) -> AttemptOutcome {
        let delivered = error == nil && status.map { (200..<300).contains($0) } == true
        let last = lastAttempt.map { attempt >= $0 } ?? false         // a redriven delivery's one more attempt
        let retry = delivered || last ? nil : policy.delay(afterFailed: attempt, status: status, retryAfter: retryAfter, seed: seed, channel: channel)
        let protocolName = channel == .email ? "SMTP" : "HTTP"       // a text-message gateway answers over HTTP
        return AttemptOutcome(attempt: attempt, status: status, error: delivered ? nil : (error ?? "\(protocolName) \(status ?? 0)"),
                              state: delivered ? .delivered : (retry == nil ? .failed : .pending),
                              nextAttemptAt: now.addingTimeInterval(retry ?? 0), deliveredAt: delivered ? now : nil)
    }
}
