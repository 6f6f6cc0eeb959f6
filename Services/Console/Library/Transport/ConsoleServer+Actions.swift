import Contracts
import Foundation
import HTTPTypes
import Logging
import Timekeeping
import Hummingbird
import NIOCore
import WhistleConsoleDomain

/// Staff act from a case's page: the form becomes a staff command sent to dispatch with the console's key (which acts
/// for them), answered after dispatch's commit; the answer — or the command's specific refusal — is shown on the page,
/// and every action is kept with who, what and when.
extension ConsoleServer {
    /// `POST /cases/:id/act`.
    func act(_ caseID: String, request: Request) async throws -> Response {
        let form = try await ConsoleSessions.form(request)
        guard let session = try sessions.current(request) else { return Response(status: .seeOther, headers: [.location: "/signin"]) }
        guard let sent = form["csrf"], ConsoleSessions.same(sent, session.csrf) else {
            throw HTTPError(.forbidden, message: "the form's CSRF token is missing or wrong: nothing was done")
        }
        let viewer = Viewer(identity: session.identity, role: session.role, city: city)
        var frame = ConsolePages.Frame(language: ConsoleLabels.language(of: request), session: session, address: "/cases/\(caseID)")
        let answer: Answer
        if let row = try store.boardCase(caseID), !StaffOrder.offered(to: viewer, on: row).isEmpty {
            answer = await carryOut(form, caseID: caseID, session: session)
        } else {
            answer = Answer(status: .forbidden, ok: false, text: "'\(session.identity)' takes no action on case \(caseID.prefix(80)) here")
        }
        frame.answer = (answer.ok, answer.text)
        let rendered = try casePage(caseID, viewer: viewer, frame: frame, fragment: false)
        return Response(status: answer.ok ? rendered.status : answer.status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: rendered.html)))
    }

    /// What the page says after an action.
    struct Answer {
        var status: HTTPResponse.Status
        var ok: Bool
        var text: String
    }

    private func carryOut(_ form: [String: String], caseID: String, session: ConsoleSession) async -> Answer {
        let command: StaffCommand
        do {
            command = try StaffOrder.command(from: form, staff: session.identity, caseID: caseID)
        } catch {
            return Answer(status: .badRequest, ok: false, text: error.message)
        }
        let reply: CommandReply
        do {
            reply = try await dispatch.send(command)
        } catch {
            logger.error("console action not answered", metadata: ["identity": "\(session.identity)", "case": "\(caseID)", "error": "\(error)"])
            return Answer(status: .serviceUnavailable, ok: false, text: "dispatch did not answer (\(error)); nothing is known to be done — send it again")
        }
        let entry = AuditEntry(at: clock.now(), identity: session.identity, caseID: caseID, action: command.action.rawValue, commandID: command.command,
                               status: reply.status.rawValue, error: reply.error?.rawValue, message: reply.message, account: session.account)
        do { try store.audit(entry) } catch { logger.error("console audit not kept", metadata: ["case": "\(caseID)", "error": "\(error)"]) }
        logger.notice("console action", metadata: ["identity": "\(session.identity)", "account": "\(session.account ?? "-")", "case": "\(caseID)", "action": "\(command.action.rawValue)",
                                                   "command": "\(command.command)", "status": "\(reply.status.rawValue)"])
        guard reply.status == .ok else {
            let status: HTTPResponse.Status = reply.error == .forbidden ? .forbidden : .conflict
            return Answer(status: status, ok: false, text: "\(command.action.rawValue): \(reply.error?.rawValue ?? "refused") — \(reply.message ?? "")")
        }
        return Answer(status: .ok, ok: true, text: "\(command.action.rawValue): ok" + (reply.state.map { " (\($0))" } ?? "") + (reply.task.map { ", task \($0)" } ?? ""))
    }
}
