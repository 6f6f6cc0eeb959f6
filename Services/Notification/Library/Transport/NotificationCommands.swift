import Contracts
import Credentials
import Foundation
import GRDB
import Messaging
import ServiceKit
import WhistleNotificationDomain

/// Notification's command endpoint: operators' `notification-command`s (redrive). The deliverer is woken once the
/// command's transaction commits.
struct NotificationCommands: Sendable {
    let store: NotificationStore
    let bell: DeliveryBell

    var endpoint: CommandEndpoint<NotificationCommand> {
        CommandEndpoint(issuer: { _ in "operator" }, authorize: Self.authorize) { [store, bell] db, command, _, now in
            switch command.action {
            case .redrive:
                let redrive = try DeliveryDesk.redrive(command, try store.standing(db, delivery: command.delivery), now: now)
                try store.record(db, redrive)
                db.afterNextTransaction(onCommit: { _ in bell.ring() })
                return redrive.reply
            }
        }
    }

    /// Operators and services only: what is sent again is the operators' call.
    static let authorize: CommandEndpoint<NotificationCommand>.Authorize = { _, certificate throws(Refused) in
        guard [.operator, .service].contains(certificate.role) else {
            throw Refused(.forbidden, "a \(certificate.role.rawValue) key ('\(certificate.identity)') does not send notification-commands; an operator does")
        }
    }
}
