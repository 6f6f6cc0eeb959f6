import Contracts
import Envelope
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
        do {
            let command = try StaffOrder.command(from: form, staff: session.identity, caseID: caseID)
            return await send(command, action: command.action.rawValue, caseID: caseID, session: session)
        } catch {
            return Answer(status: .badRequest, ok: false, text: error.message)
        }
    }

    /// `POST /tasks/:task/act`: a department's action on its own task, from the case's page.
    func actOnTask(_ taskID: String, request: Request) async throws -> Response {
        let form = try await ConsoleSessions.form(request)
        guard let session = try sessions.current(request) else { return Response(status: .seeOther, headers: [.location: "/signin"]) }
        guard let sent = form["csrf"], ConsoleSessions.same(sent, session.csrf) else {
            throw HTTPError(.forbidden, message: "the form's CSRF token is missing or wrong: nothing was done")
        }
        guard let task = try store.task(taskID) else { throw HTTPError(.notFound, message: "no task '\(taskID.prefix(80))'") }
        let viewer = Viewer(identity: session.identity, role: session.role, city: city)
        var frame = ConsolePages.Frame(language: ConsoleLabels.language(of: request), session: session, address: "/cases/\(task.caseID)")
        let answer: Answer
        if TaskOrder.offered(to: viewer, on: task).isEmpty {
            answer = Answer(status: .forbidden, ok: false, text: "'\(session.identity)' takes no action on task \(task.taskID) here")
        } else {
            do {
                let command = try TaskOrder.command(from: form, department: session.identity, task: task.taskID)
                answer = await send(command, action: command.action.rawValue, caseID: task.caseID, session: session)
            } catch {
                answer = Answer(status: .badRequest, ok: false, text: error.message)
            }
        }
        frame.answer = (answer.ok, answer.text)
        let rendered = try casePage(task.caseID, viewer: viewer, frame: frame, fragment: false)
        return Response(status: answer.ok ? rendered.status : answer.status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: rendered.html)))
    }

    /// Sends a command to dispatch for the signed-in person, keeps it in the audit and says what came of it.
    private func send(_ command: some CommandContract, action: String, caseID: String, session: ConsoleSession) async -> Answer {
        let reply: CommandReply
        do {
            reply = try await dispatch.send(command)
        } catch {
            logger.error("console action not answered", metadata: ["identity": "\(session.identity)", "case": "\(caseID)", "error": "\(error)"])
            return Answer(status: .serviceUnavailable, ok: false, text: "dispatch did not answer (\(error)); nothing is known to be done — send it again")
        }
        let entry = AuditEntry(at: clock.now(), identity: session.identity, caseID: caseID, action: action, commandID: command.command,
                               status: reply.status.rawValue, error: reply.error?.rawValue, message: reply.message, account: session.account)
        do { try store.audit(entry) } catch { logger.error("console audit not kept", metadata: ["case": "\(caseID)", "error": "\(error)"]) }
        logger.notice("console action", metadata: ["identity": "\(session.identity)", "account": "\(session.account ?? "-")", "case": "\(caseID)",
                                                   "action": "\(action)", "command": "\(command.command)", "status": "\(reply.status.rawValue)"])
        guard reply.status == .ok else {
            let status: HTTPResponse.Status = reply.error == .forbidden ? .forbidden : .conflict
            return Answer(status: status, ok: false, text: "\(action): \(reply.error?.rawValue ?? "refused") — \(reply.message ?? "")")
        }
        return Answer(status: .ok, ok: true, text: "\(action): ok" + (reply.state.map { " (\($0))" } ?? "") + (reply.task.map { ", task \($0)" } ?? ""))
    }
}
