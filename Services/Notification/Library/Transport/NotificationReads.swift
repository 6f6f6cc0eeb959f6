import CityModel
import Contracts
import Credentials
import Envelope
import Foundation
import ServiceKit
import Timekeeping

/// Notification's HTTP resources: `GET /deliveries?state=…` and `GET /deliveries/<id>` for operators and services (what
/// failed, and why); `GET /inbox?recipient=…` and `GET /recipients/<id>` for whoever may act for the recipient
/// (`RecipientAccess`).
struct NotificationReads: Sendable {
    let store: NotificationStore
    let city: City
    let clock: any WallClock

    @Sendable func deliveries(_ parameters: [String: String], caller: Certificate?) throws -> Data {
        try Self.operatorsOnly(caller, reading: "deliveries")
        let state = try parameters["state"].map { value -> DeliveryState in
            guard let state = DeliveryState(rawValue: value) else { throw OperationsServer.BadQuery("'state' is pending, delivered or failed, not '\(value.prefix(40))'") }
            return state
        } ?? .failed
        let limit = try Self.limit(parameters, default: 50)
        return try JSONValueEncoder().encode(DeliveryList(deliveries: try store.deliveries(in: state, recipient: parameters["recipient"], limit: limit))).jsonData()
    }

    @Sendable func delivery(_ id: String, caller: Certificate?) throws -> Data? {
        try Self.operatorsOnly(caller, reading: "deliveries")
        guard let number = Int64(id), let view = try store.delivery(number) else { return nil }
        return try JSONValueEncoder().encode(view).jsonData()
    }

    @Sendable func inbox(_ parameters: [String: String], caller: Certificate?) throws -> Data {
        guard let recipient = parameters["recipient"], !recipient.isEmpty else { throw OperationsServer.BadQuery("'recipient' is required: /inbox?recipient=r-001") }
        try ownOrResidentApp(caller, reading: "inbox", of: recipient)
        let before = try parameters["before"].map { value -> Int64 in
            guard let number = Int64(value) else { throw OperationsServer.BadQuery("'before' is a delivery id from the previous page, not '\(value.prefix(40))'") }
            return number
        }
        let limit = try Self.limit(parameters, default: 20)
        let unreadOnly = try parameters["unread"].map { value -> Bool in
            guard let flag = Bool(value) else { throw OperationsServer.BadQuery("'unread' is true or false, not '\(value.prefix(20))'") }
            return flag
        } ?? false
        let records = try store.inbox(recipient, before: before, unreadOnly: unreadOnly, limit: limit + 1)
        let page = records.prefix(limit).map {
            InboxMessage(delivery: String($0.id ?? 0), kind: $0.kind, caseID: $0.caseID, proposal: $0.proposal, text: $0.text, at: $0.createdAt,
                         critical: $0.critical ? true : nil, readAt: $0.readAt)
        }
        let next = records.count > limit ? page.last?.delivery : nil
        return try JSONValueEncoder().encode(InboxPage(recipient: recipient, messages: Array(page), before: next, unread: try store.unread(of: recipient)))
            .jsonData()
    }

    /// `GET /recipients/<id>`: read as the inbox is — operators, services, the resident app; staff and departments their own.
    @Sendable func preferences(_ recipient: String, caller: Certificate?) throws -> Data? {
        try ownOrResidentApp(caller, reading: "preferences", of: recipient)
        return try JSONValueEncoder().encode(try store.preferencesView(of: recipient, at: clock.now())).jsonData()
    }

    /// A recipient's own things are read by whoever may act for them (without keys, by anyone on the loopback).
    func ownOrResidentApp(_ caller: Certificate?, reading what: String, of recipient: String) throws {
        if let caller, let refusal = RecipientAccess.refusal(of: caller, for: recipient, doing: "reads the \(what)", city: city) {
            throw OperationsServer.Forbidden(refusal)
        }
    }

    static func operatorsOnly(_ caller: Certificate?, reading what: String) throws {
        if let caller, ![.operator, .service].contains(caller.role) {
            throw OperationsServer.Forbidden("\(what) are read by operators and services, not by '\(caller.identity)' (\(caller.role.rawValue))")
        }
    }

    static func limit(_ parameters: [String: String], default value: Int) throws -> Int {
        guard let given = parameters["limit"] else { return value }
        guard let limit = Int(given), (1...500).contains(limit) else { throw OperationsServer.BadQuery("'limit' is 1 to 500, not '\(given.prefix(20))'") }
        return limit
    }
}
