import Foundation
import Timekeeping
import WhistleNotificationDomain

/// An e-mail delivery: the notice as a message through the configured mail server; the server's reply code is the
/// attempt's status (250 delivered, 4xx tried again, 5xx final).
struct MailCourier: Courier {
    let client: SMTPClient
    let timeZone: TimeZone
    let clock: any WallClock

    func carry(_ delivery: DeliveryRecord) async -> AttemptAnswer {
        let message = MailMessage(delivery: delivery.id ?? 0, kind: delivery.kind, about: delivery.subject, text: delivery.text,
                                  from: client.options.from, to: delivery.address ?? "", at: clock.now())
        do {
            let reply = try await client.send(message, timeZone: timeZone)
            return AttemptAnswer(status: reply.code, error: (200..<300).contains(reply.code) ? nil : reply.summary)
        } catch {
            return AttemptAnswer(error: "\(error)")
        }
    }
}
