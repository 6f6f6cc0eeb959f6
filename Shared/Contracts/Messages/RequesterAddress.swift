public import Envelope

/// `GET /requesters/<reference>` on intake's HTTP address: the e-mail address an Open311 requester left, for notification
/// alone (a service key) — the address never crosses the bus: events carry the reference (`o311-…`) as the reporter.
public struct RequesterAddress: MessageContract, Equatable {
    public static let messageName = "requester-address"
    public static let summary = "The e-mail address behind an Open311 requester's reference, read by notification alone to tell them how their request goes."

    public var requester, email: String

    public init(requester: String, email: String) { (self.requester, self.email) = (requester, email) }
}

/// The reporter reference of an Open311 requester who left an e-mail and no resident account: `o311-` and the request's
/// token. Notification e-mails such a reporter through intake (`requester-address`).
public enum RequesterReference {
    public static let prefix = "o311-"

    public static func of(token: String) -> String { prefix + token }

    /// The request's token a reference names, nil for another reporter.
    public static func token(of reference: String) -> String? {
        reference.hasPrefix(prefix) ? String(reference.dropFirst(prefix.count)) : nil
    }
}
