import Foundation
import Timekeeping
import WhistleNotificationDomain

/// An e-mail delivery: the notice as a message through the configured mail server; the server's reply code is the
/// attempt's status (250 delivered, 4xx tried again, 5xx final).
struct MailCourier: Courier {
    let client: SMTPClient
    let timeZone: TimeZone
    let clock: any WallClock
    /// Where an Open311 requester's address is asked for (a delivery to them has none of its own).
    let requesters: RequesterDirectory?

    func carry(_ delivery: DeliveryRecord) async -> AttemptAnswer {
        var address = delivery.address
        if address == nil, let requesters {
            switch await requesters.address(of: delivery.recipient) {
            case .address(let email): address = email
            // Nobody to write to: final, as a mail server's 550 for a mailbox that does not exist.
            case .none: return AttemptAnswer(status: 550, error: "intake holds no e-mail for \(delivery.recipient)")
            case .unanswered(let why): return AttemptAnswer(error: why)
            }
        }
        guard let address else { return AttemptAnswer(status: 550, error: "no e-mail address for \(delivery.recipient)") }
        let message = MailMessage(delivery: delivery.id ?? 0, kind: delivery.kind, about: delivery.subject, language: delivery.language, text: delivery.text,
                                  from: client.options.from, to: address, at: clock.now())
        do {
            let reply = try await client.send(message, timeZone: timeZone)
            return AttemptAnswer(status: reply.code, error: (200..<300).contains(reply.code) ? nil : reply.summary, response: reply.summary)
        } catch {
            return AttemptAnswer(error: "\(error)")
        }
    }
}
