public import Envelope

/// `GET /recipients/<id>` on notification's HTTP address and `whistle recipients show <id>`: what a recipient set with
/// `prefer` — quiet hours on the city's clock and the kinds not pushed — and how many messages wait for the quiet hours
/// to end.
public struct RecipientPreferences: MessageContract, Equatable {
    public static let messageName = "recipient-preferences"
    public static let summary = "A recipient's quiet hours and muted kinds, and how many of their messages are held until the quiet hours end."

    public var recipient: String
    public var quietHours: QuietHours?
    public var mute: [NotificationKind]
    public var held: Int

    public init(recipient: String, quietHours: QuietHours?, mute: [NotificationKind], held: Int) {
        (self.recipient, self.quietHours, self.mute, self.held) = (recipient, quietHours, mute, held)
    }
}
