import Foundation
import WhistleNotificationDomain

/// What one attempt came to, as the channel's protocol answered: the status (HTTP's, SMTP's reply code; nil when
/// nothing answered), what went wrong, how long the receiver asked to be left alone (`Retry-After`), and the start of
/// what it said (an HTTP body, an SMTP reply).
struct AttemptAnswer: Sendable, Equatable {
    var status: Int?
    var error: String?
    var retryAfter: TimeInterval?
    var response: String?
}

/// Carries a delivery out on one channel.
protocol Courier: Sendable {
    func carry(_ delivery: DeliveryRecord) async -> AttemptAnswer
}

extension DeliveryRecord {
    /// What the delivery is about, as the domain names it.
    var subject: NoticeSubject { caseID.map(NoticeSubject.case) ?? proposal.map(NoticeSubject.proposal) ?? .digest }
}
