import CityModel
import Contracts
import Credentials
import Foundation
import GRDB
import Messaging
import ServiceKit
import Timekeeping
import WhistleNotificationDomain

/// Notification's command endpoint: `notification-command`s — an operator's redrive, a recipient's preferences. The
/// deliverer is woken once the command's transaction commits (a redriven or released delivery is owed).
struct NotificationCommands: Sendable {
    let store: NotificationStore
    let city: City
    let bell: DeliveryBell

    var endpoint: CommandEndpoint<NotificationCommand> {
        CommandEndpoint(issuer: { $0.recipient ?? "operator" }, authorize: authorize) { [store, city, bell] db, command, _, now in
            let reply: CommandReply
            switch command.action {
            case .redrive:
                let redrive = try DeliveryDesk.redrive(command, try command.delivery.flatMap { try store.standing(db, delivery: $0) }, now: now)
                try store.record(db, redrive)
                reply = redrive.reply
            case .prefer:
                let decision = try PreferenceDesk.prefer(command, city: city, now: now)
                try store.record(db, decision, at: now)
                reply = decision.reply
            case .channels:
                let decision = try PreferenceDesk.channels(command)
                try store.record(db, decision, at: now)
                return decision.reply
            case .read:
                let theirs = try store.inboxMessages(db, of: command.recipient ?? "", among: command.deliveries ?? [])
                let reading = try DeliveryDesk.read(command, theirs: theirs, now: now)
                try store.record(db, reading)
                return reading.reply
            }
            db.afterNextTransaction(onCommit: { _ in bell.ring() })
            return reply
        }
    }

    /// A redrive is the operators' call; preferences, channels and reading as `RecipientAccess` says.
    var authorize: CommandEndpoint<NotificationCommand>.Authorize {
        { [city] command, certificate throws(Refused) in
            let role = certificate.role
            if role == .operator || role == .service { return }
            guard command.action != .redrive else {
                throw Refused(.forbidden, "a \(role.rawValue) key ('\(certificate.identity)') does not redrive deliveries; an operator does")
            }
            let doing = command.action == .read ? "marks inbox messages" : "sets preferences and channels"
            if let refusal = RecipientAccess.refusal(of: certificate, for: command.recipient ?? "", doing: doing, city: city) {
                throw Refused(.forbidden, refusal)
            }
        }
    }
}
