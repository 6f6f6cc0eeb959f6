import Contracts
import Envelope
import Foundation
import Messaging

/// Commands for a case reach the dispatch instance that holds it, also when dispatch is split by street: first the
/// suite's own dispatch (`dispatch-1` at base+200); when that one does not hold the case — it answers
/// `unknown_task`/`unknown_case`, it is not there, or there is no certificate for it — each other instance the
/// buses' heartbeats announce, until one holds it. A command keeps its id on every try, so a retry of the whole
/// command still gets the identical answer from the instance that holds it. Reads go to any instance's HTTP front,
/// which answers for the whole city.
extension Requests {
    /// Sends `message` to the dispatch instance holding what it names and prints the reply; fails unless accepted.
    static func sendToDispatch(_ message: some Encodable, suite: SuiteAddresses, security: SocketSecurity) async throws {
        let payload = try JSONValueEncoder().encode(message).jsonData()
        var reply: Data?
        var failure: (any Error)?
        do {
            reply = try await ReplyClient.ask(suite.commands, [payload], security: security, server: "dispatch-1", timeoutMilliseconds: 3000)
        } catch {
            failure = error
        }
        if let reply, !Self.notHeld(reply) { return try report(reply) }
        let partitions = try await Partitions.discover("dispatch", buses: suite.busSubscribe, security: security)
        for instance in partitions.instances {
            guard let address = instance.commands, reply == nil || address != suite.commands else { continue }
            let answer = try await ask(address, payload, security: security, server: instance.name)
            if !Self.notHeld(answer) { return try report(answer) }
            reply = answer
        }
        if let reply { return try report(reply) }
        throw CommandFailure("dispatch at \(suite.commands): \(failure.map { "\($0)" } ?? "no reply"); on the buses: \(partitions.summary) — is the suite running (`whistle up`)?")
    }

    /// GETs `/<path>` from `service` (dispatch, mediation) for the whole city: from the suite's own instance, whose HTTP
    /// front asks the instances of the other streets (docs/operations.md, "Reads across partitions"); when that one is
    /// not there, from the first instance heard on the buses that answers. Its 200 body, or a clear error naming `what`.
    static func getFromFront(_ service: String, _ path: String, what: String, suite: SuiteAddresses, security: SocketSecurity,
                             apiKey: String?) async throws -> Data {
        let own = "http://\(suite.http(service))"
        if let (status, body) = try? await fetch(own + path, apiKey: apiKey) { return try answer(status, body, what: what) }
        let partitions = try await Partitions.discover(service, buses: suite.busSubscribe, security: security)
        for instance in partitions.instances {
            guard let http = instance.http, http != own, let (status, body) = try? await fetch(http + path, apiKey: apiKey) else { continue }
            return try answer(status, body, what: what)
        }
        throw CommandFailure("\(what): no \(service) instance answered at \(own) nor on the buses (\(partitions.summary)) — is the suite running (`whistle up`)?")
    }

    /// A refusal that says only that this instance does not hold the task or case.
    static func notHeld(_ reply: Data) -> Bool {
        guard let error = (try? JSONValue.parse(reply))?["error"]?.stringValue else { return false }
        return error == Refusal.unknownTask.rawValue || error == Refusal.unknownCase.rawValue
    }
}
