import CityModel
import Credentials
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Timekeeping

/// Signing in and out. A person signs in with a named account's password (`whistle accounts add`), or with the API
/// key the suite issued them (`whistle keys create`; without a keys folder, by naming themselves, as every plaintext
/// read trusts the caller). The session's token goes in an
/// HttpOnly, SameSite=Strict cookie and only its SHA-256 is stored; every form carries the session's CSRF token, and
/// the sign-in form a token of its own paired with a cookie (double submit). Each sign-in and sign-out is logged
/// with who and when.
struct ConsoleSessions: Sendable {
    let store: ConsoleStore
    let keyRing: KeyRing?
    let city: City
    let clock: any WallClock
    let options: ConsoleOptions
    let logger: Logger

    static let sessionCookie = "whistle_session"
    static let signInCookie = "whistle_signin"

    /// The signed-in person, if the request carries a live session whose key is still in the allow-list (a key
    /// revoked — `whistle keys revoke`, then SIGHUP — ends its sessions from the next request on).
    func current(_ request: Request) throws -> ConsoleSession? {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty,
              let session = try store.session(tokenSHA256: APIKey.digest(token), now: clock.now()) else { return nil }
        // A named account's sessions end when it is disabled or its password changes; a key's when the key is revoked.
        if session.account == nil, let keyRing, keyRing.certificate(identity: session.identity) == nil { return nil }
        return session
    }

    /// `GET /signin`: the form, with a fresh CSRF token in it and in a cookie.
    func form(_ request: Request, pages: ConsolePages, error: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let csrf = Self.randomToken()
        let next = Self.safeNext(request.uri.queryParameters.get("next"))
        var context: [String: Any] = ["csrf": csrf, "next": next, "keys": keyRing != nil]
        if let error { context["error"] = error }
        let language = ConsoleLabels.language(of: request)
        let html = pages.document("signin", context, frame: .init(language: language, session: nil, address: "/signin"), live: false, fragmentOnly: false)
        var response = Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(string: html)))
        response.setCookie(cookie(request, Self.signInCookie, csrf, maxAge: 3600))
        return response
    }

    /// `POST /signin`: checks the form's CSRF token against its cookie, then the key; opens a session.
    func signIn(_ request: Request, pages: ConsolePages) async throws -> Response {
        let form = try await Self.form(request)
        guard let sent = form["csrf"], let paired = request.cookies[Self.signInCookie]?.value, Self.same(sent, paired) else {
            return try self.form(request, pages: pages, error: "the form's CSRF token is missing or does not match: load the sign-in page again", status: .forbidden)
        }
        let who: (identity: String, role: String)
        var account: String?
        if let name = form["account"], !name.isEmpty {
            switch try await signIn(account: name, password: form["password"] ?? "") {
            case .refused(let status, let message):
                return try self.form(request, pages: pages, error: message, status: HTTPResponse.Status(code: status))
            case .signedIn(let signed):
                (who, account) = (signed.viewer, signed.name)
            }
        } else if let keyRing {
            guard let key = form["key"], !key.isEmpty, let certificate = keyRing.certificate(apiKey: key) else {
                logger.notice("console sign-in refused", metadata: ["reason": "unknown key"])
                return try self.form(request, pages: pages, error: "that API key is not one the suite issued (whistle keys create makes one)", status: .unauthorized)
            }
            who = (certificate.identity, certificate.role.rawValue)
        } else {
            guard let identity = form["identity"], let role = Self.plaintextRole(identity, city: city) else {
                return try self.form(request, pages: pages, error: "name who you are: operator, a department (cg), an office or grid worker (co-c01, gw-g01)",
                                     status: .badRequest)
            }
            who = (identity, role)
        }
        let (token, csrf, now) = (Self.randomToken(), Self.randomToken(), clock.now())
        try store.openSession(tokenSHA256: APIKey.digest(token), identity: who.identity, role: who.role, csrf: csrf, account: account, now: now,
                              expiresAt: now.addingTimeInterval(options.sessionHours * 3600))
        logger.notice("console signed in", metadata: ["identity": "\(who.identity)", "role": "\(who.role)", "account": "\(account ?? "-")"])
        var response = Response(status: .seeOther, headers: [.location: Self.safeNext(form["next"])])
        response.setCookie(cookie(request, Self.sessionCookie, token, maxAge: Int(options.sessionHours * 3600)))
        response.setCookie(cookie(request, Self.signInCookie, "", maxAge: 0))
        return response
    }

    /// `POST /signout`: needs the session's CSRF token; ends the session.
    func signOut(_ request: Request, pages: ConsolePages) async throws -> Response {
        let form = try await Self.form(request)
        guard let token = request.cookies[Self.sessionCookie]?.value, let session = try current(request) else {
            return Response(status: .seeOther, headers: [.location: "/signin"])
        }
        guard let sent = form["csrf"], Self.same(sent, session.csrf) else {
            throw HTTPError(.forbidden, message: "the form's CSRF token is missing or wrong: nothing was done")
        }
        try store.closeSession(tokenSHA256: APIKey.digest(token))
        logger.notice("console signed out", metadata: ["identity": "\(session.identity)"])
        var response = Response(status: .seeOther, headers: [.location: "/signin"])
        response.setCookie(cookie(request, Self.sessionCookie, "", maxAge: 0))
        return response
    }

    func cookie(_ request: Request, _ name: String, _ value: String, maxAge: Int) -> Cookie {
        let secure = options.secureCookies || request.headers[HTTPField.Name("X-Forwarded-Proto")!] == "https"
        return Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// A form body (`application/x-www-form-urlencoded`, at most 16 KiB) as its fields.
    static func form(_ request: Request) async throws -> [String: String] {
        guard let body = try? await request.body.collect(upTo: 16 * 1024), let text = String(bytes: body.readableBytesView, encoding: .utf8) else {
            throw HTTPError(.badRequest, message: "the form is not UTF-8 or is larger than 16 KiB")
        }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if let name = parts.first { fields[name] = parts.count > 1 ? parts[1] : "" }
        }
        return fields
    }

    /// Where to go after signing in: a path of this console only.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), !next.hasPrefix("/signin") else { return "/" }
        return next
    }

    /// Without keys, the role a name stands for: `operator`, a department of the city, a staff member; nil for any other.
    static func plaintextRole(_ identity: String, city: City) -> String? {
        if identity == "operator" { return "operator" }
        if city.departments.contains(where: { $0.code == identity }) { return "department" }
        if city.staff(identity) != nil { return "staff" }
        return nil
    }

    static func randomToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { bytes in bytes.map { String(format: "%02x", $0) }.joined() }
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count, !x.isEmpty else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
