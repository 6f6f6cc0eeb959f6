import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Timekeeping
import WhistleConsoleDomain

/// A named account changes its own password: the current one checked, the new one held to the same rule as the
/// operator's, every session of the account ended (this one too) — sign in again.
extension ConsoleServer {
    func addPasswordRoutes(_ router: Router<BasicRequestContext>) {
        router.get("password") { [self] request, _ in
            try await page(request) { _, frame, fragment in passwordPage(frame: frame, error: nil, status: .ok, fragment: fragment) }
        }
        router.post("password") { [self] request, _ in try await changePassword(request) }
    }

    func passwordPage(frame: ConsolePages.Frame, error: String?, status: HTTPResponse.Status, fragment: Bool) -> Rendered {
        guard let session = frame.session, session.account != nil else {
            return (.badRequest, pages.document("problem", ["heading": ConsoleLabels.table(frame.language)["changePassword"]!,
                                                             "message": "you signed in with an API key: keys are changed with whistle keys, not here"],
                                                frame: frame, live: false, fragmentOnly: fragment))
        }
        var context: [String: Any] = ["csrf": session.csrf]
        if let error { context["error"] = error }
        return (status, pages.document("password", context, frame: frame, live: false, fragmentOnly: fragment))
    }

    func changePassword(_ request: Request) async throws -> Response {
        let form = try await ConsoleSessions.form(request)
        guard let session = try sessions.current(request) else { return Response(status: .seeOther, headers: [.location: "/signin"]) }
        guard let sent = form["csrf"], ConsoleSessions.same(sent, session.csrf) else {
            throw HTTPError(.forbidden, message: "the form's CSRF token is missing or wrong: nothing was done")
        }
        let frame = ConsolePages.Frame(language: ConsoleLabels.language(of: request), session: session, address: "/password")
        func refuse(_ message: String, _ status: HTTPResponse.Status) -> Response {
            let rendered = passwordPage(frame: frame, error: message, status: status, fragment: false)
            return Response(status: rendered.status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: rendered.html)))
        }
        guard let name = session.account, let (_, hash) = try store.account(named: name) else { return refuse("no account is signed in", .badRequest) }
        guard try await ConsoleSessions.verify(form["current"] ?? "", hash: hash) else { return refuse("the current password is not right", .forbidden) }
        let new = form["new"] ?? ""
        do { try StaffAccount.check(password: new, for: name) } catch { return refuse(error.message, .badRequest) }
        _ = try store.setPassword(of: name, hash: try await sessions.hash(new), at: clock.now())
        logger.notice("console account password changed", metadata: ["account": "\(name)"])
        return Response(status: .seeOther, headers: [.location: "/signin"])
    }
}
