public import Envelope

/// An operator's command to notification, on its command endpoint: send a failed delivery again (`redrive`) — once:
/// one more attempt, and if that fails too the delivery is failed again.
///
///     {"command":"n-1","action":"redrive","delivery":"42"}
public struct NotificationCommand: CommandContract, Equatable {
    public static let commandName = "notification-command"
    public static let summary = "Send a delivery notification gave up on (failed) once more, as an operator."

    public var command: String
    public var action: NotificationAction
    /// The delivery's id, as `GET /deliveries` and `whistle notify failed` list it.
    public var delivery: String

    public init(command: String, action: NotificationAction, delivery: String) {
        (self.command, self.action, self.delivery) = (command, action, delivery)
    }
}

/// What a notification command does.
public enum NotificationAction: String, ContractEnum {
    case redrive
}
