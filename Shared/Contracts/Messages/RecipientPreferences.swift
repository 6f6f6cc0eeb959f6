public import Envelope
public import Foundation

/// `GET /recipients/<id>` on notification's HTTP address and `whistle recipients show <id>`: what a recipient set with
/// `prefer` — quiet hours on the city's clock, the kinds not pushed, a digest — and how many messages wait for the quiet
/// hours to end.
public struct RecipientPreferences: MessageContract, Equatable {
    public static let messageName = "recipient-preferences"
    public static let summary = "A recipient's quiet hours and muted kinds, and how many of their messages are held until the quiet hours end."

    public var recipient: String
    public var quietHours: QuietHours?
    public var mute: [NotificationKind]
    public var held: Int
    /// The digest they chose, and when the next one goes; absent: a message per step.
    public var digest: DigestSchedule?
    public var nextDigestAt: Date?
    /// The language of their messages.
    public var language: Language
    /// Where they asked to be reached (`channels`), over the configured addresses; absent: the configured ones.
    public var webhook, email, phone: String?

    public init(recipient: String, quietHours: QuietHours?, mute: [NotificationKind], held: Int, digest: DigestSchedule? = nil,
                nextDigestAt: Date? = nil, language: Language = .zhCN, webhook: String? = nil, email: String? = nil, phone: String? = nil) {
        (self.recipient, self.quietHours, self.mute, self.held) = (recipient, quietHours, mute, held)
        (self.digest, self.nextDigestAt, self.language, self.webhook, self.email, self.phone) = (digest, nextDigestAt, language, webhook, email, phone)
    }
}
