public import Contracts
public import Foundation

/// Where a recipient asked to be reached (`channels`): their own webhook, e-mail address and mobile number, each over the
/// one the city file or the configuration gives (e-mail and SMS only where a mail server and a gateway are configured).
public struct RecipientChannels: Sendable, Equatable {
    public var webhook, email, phone: String?

    public init(webhook: String? = nil, email: String? = nil, phone: String? = nil) { (self.webhook, self.email, self.phone) = (webhook, email, phone) }

    public var isEmpty: Bool { webhook == nil && email == nil && phone == nil }

    /// A mobile number as the gateway takes it: 5–20 digits, `+` allowed.
    public static func isMobileNumber(_ text: String) -> Bool {
        (5...20).contains(text.count) && text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "+") }
    }
}

/// A recipient's new channels, and the reply.
public struct ChannelsDecision: Sendable, Equatable {
    public var recipient: String
    public var channels: RecipientChannels
    public var reply: CommandReply
}

extension PreferenceDesk {
    /// `channels`: the recipient's own channels are replaced — an http(s) URL, an e-mail address, a mobile number; none
    /// given: the configured ones again. Messages already owed keep the address they were made for.
    public static func channels(_ command: NotificationCommand) throws(Refused) -> ChannelsDecision {
        let recipient = try recipientID(command)
        if let webhook = command.webhook {
            guard let url = URL(string: webhook), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, webhook.count <= 2_000 else {
                throw Refused(.invalidPreferences, "'\(webhook.prefix(80))' is not an http(s) URL for a webhook")
            }
        }
        if let email = command.email {
            let parts = email.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 254, !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) else {
                throw Refused(.invalidPreferences, "'\(email.prefix(80))' is not an e-mail address")
            }
        }
        if let phone = command.phone {
            guard RecipientChannels.isMobileNumber(phone) else {
                throw Refused(.invalidPreferences, "'\(phone.prefix(24))' is not a mobile number (5–20 digits, + allowed)")
            }
        }
        let channels = RecipientChannels(webhook: command.webhook, email: command.email, phone: command.phone)
        return ChannelsDecision(recipient: recipient, channels: channels,
                                reply: .ok(command.command, caseID: nil, recipient: recipient, state: channels.isEmpty ? "configured" : "set"))
    }
}
