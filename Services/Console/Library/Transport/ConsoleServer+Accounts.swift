import CityModel
import Contracts
import Credentials
import Envelope
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Timekeeping
import WhistleConsoleDomain

/// The named accounts' API for operators (`Authorization: Bearer <operator's API key>`; without keys, anyone who can
/// reach the console): list, add, a new password, disable, enable. What `whistle accounts` calls.
extension ConsoleServer {
    func addAccountRoutes(_ router: Router<BasicRequestContext>) {
        router.get("accounts") { [self] request, _ in
            try operatorOnly(request)
            return try json(ConsoleAccountList(accounts: store.accounts().map(Self.view)))
        }
        router.post("accounts") { [self] request, _ in
            try operatorOnly(request)
            return try await addAccount(try await Self.body(request))
        }
        router.post("accounts/:name/password") { [self] request, context in
            try operatorOnly(request)
            let name = try context.parameters.require("name")
            let body = try await Self.body(request)
            try Self.checked { () throws(StaffAccount.Invalid) in try StaffAccount.check(password: body.password, for: name) }
            guard try store.setPassword(of: name, hash: try await sessions.hash(body.password), at: clock.now()) else { throw Self.unknown(name) }
            logger.notice("console account password set", metadata: ["account": "\(name)"])
            return try json(try accountView(name))
        }
        for (verb, disabled) in [("disable", true), ("enable", false)] {
            router.post("accounts/:name/\(verb)") { [self] request, context in
                try operatorOnly(request)
                let name = try context.parameters.require("name")
                guard try store.setDisabled(name, disabled) else { throw Self.unknown(name) }
                logger.notice(disabled ? "console account disabled" : "console account enabled", metadata: ["account": "\(name)"])
                return try json(try accountView(name))
            }
        }
    }

    /// `POST /accounts`: 201 with the account; the same account sent again (same details, same password) 200 with the same.
    func addAccount(_ body: ConsoleAccountRequest) async throws -> Response {
        guard let name = body.name, let display = body.display, let roleName = body.role else {
            throw HTTPError(.badRequest, message: "an account needs name, display, role and password (actsAs unless readonly)")
        }
        guard let role = StaffAccount.Role(rawValue: roleName) else {
            throw HTTPError(.badRequest, message: "role '\(roleName.prefix(40))' is not one of: \(StaffAccount.Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let account = try Self.checked { () throws(StaffAccount.Invalid) in
            try StaffAccount.check(name: name, display: display, role: role, actsAs: body.actsAs, city: city)
        }
        try Self.checked { () throws(StaffAccount.Invalid) in try StaffAccount.check(password: body.password, for: name) }
        if let (existing, hash) = try store.account(named: name) {
            guard existing.display == account.display, existing.role == account.role, existing.actsAs == account.actsAs,
                  try await ConsoleSessions.verify(body.password, hash: hash) else {
                throw HTTPError(.conflict, message: "account '\(name)' exists with other details or another password: choose another name")
            }
            return try json(Self.view(existing))
        }
        guard try store.create(account, passwordHash: try await sessions.hash(body.password), at: clock.now()) else {
            throw HTTPError(.conflict, message: "account '\(name)' was made at the same moment by another request")
        }
        logger.notice("console account added", metadata: ["account": "\(name)", "role": "\(role.rawValue)", "actsAs": "\(account.actsAs ?? "-")"])
        return try json(Self.view(account), status: .created)
    }

    /// Refuses anyone but an operator's key (with keys on).
    func operatorOnly(_ request: Request) throws {
        guard let keyRing = sessions.keyRing else { return }
        let bearer = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        guard let key = bearer, let certificate = keyRing.certificate(apiKey: key) else {
            throw HTTPError(.unauthorized, message: "the accounts need the operator's API key: Authorization: Bearer <key>")
        }
        guard certificate.role == .operator else {
            throw HTTPError(.forbidden, message: "only an operator manages accounts, not '\(certificate.identity)' (\(certificate.role.rawValue))")
        }
    }

    func accountView(_ name: String) throws -> ConsoleAccount {
        guard let (account, _) = try store.account(named: name) else { throw Self.unknown(name) }
        return Self.view(account)
    }

    static func view(_ account: StaffAccount) -> ConsoleAccount {
        ConsoleAccount(name: account.name, display: account.display, role: account.role.rawValue, actsAs: account.actsAs, disabled: account.disabled,
                       lockedUntil: account.lockedUntil)
    }

    static func unknown(_ name: String) -> HTTPError { HTTPError(.notFound, message: "no account '\(name.prefix(40))'") }

    static func checked<T>(_ check: () throws(StaffAccount.Invalid) -> T) throws -> T {
        do { return try check() } catch { throw HTTPError(.badRequest, message: error.message) }
    }

    /// A request's JSON body (at most 16 KiB) as an account request.
    static func body(_ request: Request) async throws -> ConsoleAccountRequest {
        guard let bytes = try? await request.body.collect(upTo: 16 * 1024) else { throw HTTPError(.contentTooLarge, message: "the body is larger than 16 KiB") }
        do {
            return try JSONValueDecoder().decode(ConsoleAccountRequest.self, from: JSONValue.parse(Data(bytes.readableBytesView)))
        } catch {
            throw HTTPError(.badRequest, message: "the body is not a console-account-request (docs/schemas/messages/console-account-request.json): \(error)")
        }
    }

    func json(_ message: some MessageContract, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try JSONValueEncoder().encode(message).jsonData())))
    }
}
