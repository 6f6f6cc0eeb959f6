import Foundation
import Messaging
import Synchronization
import ZeroMQ

/// The simulator's connections, one per actor and each with that actor's own key: to intake's ingest for residents'
/// reports (the operator's key, as `whistle report`), grid workers and device gateways; to dispatch's commands for
/// each department, grid worker and the resident app. Made when an actor first sends.
final class Senders: Sendable {
    private let ingestAddress, commandsAddress: String
    private let context: ZMQContext
    private let keys: @Sendable (String) throws -> SocketSecurity
    private let connections = Mutex<[String: ReplyConnection]>([:])
    private let securities = Mutex<[String: SocketSecurity]>([:])
    private let answers = Mutex<[Answer: (ok: Int, refused: Int)]>([:])
    private let end = Atomic<Bool>(false)

    init(ingest: String, commands: String, context: ZMQContext, keys: @escaping @Sendable (String) throws -> SocketSecurity) {
        (ingestAddress, commandsAddress, self.context, self.keys) = (ingest, commands, context, keys)
    }

    func ingest(_ actor: String) throws -> ReplyConnection { try connection(actor, to: ingestAddress, server: "intake-1") }

    /// The integrator residents rate through (it acts for its residents).
    static let residentApp = "resident-app"

    /// `actor`'s connection (a department's, a grid worker's, the resident app's) to the dispatch instance `holder` at
    /// `address` (the suite's own without one).
    func commands(_ actor: String, holder: String, at address: String?) throws -> ReplyConnection {
        try connection(actor, to: address ?? commandsAddress, server: address == nil ? "dispatch-1" : holder, as: "commands:\(holder):")
    }

    private func connection(_ actor: String, to address: String, server: String, as prefix: String = "ingest:") throws -> ReplyConnection {
        if let open = connections.withLock({ $0[prefix + actor] }) { return open }
        let opened = ReplyConnection(address, context: context, security: try security(actor), server: server, timeoutMilliseconds: 5000)
        connections.withLock { $0[prefix + actor] = opened }
        return opened
    }

    /// The CloudEvent source `actor` sends about `subject` from: an integrator's first listed source with the subject
    /// after it (a gateway's devices), anyone else's `/whistle/cli/<subject>` — as `whistle report` and `event` do.
    func source(_ actor: String, about subject: String) throws -> String {
        ReportCommand.source(for: try security(actor), reporter: subject)
    }

    private func security(_ actor: String) throws -> SocketSecurity {
        if let known = securities.withLock({ $0[actor] }) { return known }
        let loaded = try keys(actor)
        securities.withLock { $0[actor] = loaded }
        return loaded
    }

    /// What an actor answered to what the suite gave them: a department its task, a grid worker a case, a resident its result.
    enum Answer: Sendable { case acknowledged, resolved, rated }

    /// Counts an answer, taken (`ok`) or refused.
    func answered(_ answer: Answer, _ ok: Bool) { answers.withLock { ok ? ($0[answer, default: (0, 0)].ok += 1) : ($0[answer, default: (0, 0)].refused += 1) } }
    func answered(_ answer: Answer) -> (ok: Int, refused: Int) { answers.withLock { $0[answer] ?? (0, 0) } }

    /// The run is over: departments answer what they were given so far, then stop.
    func ending() { end.store(true, ordering: .relaxed) }
    var isEnding: Bool { end.load(ordering: .relaxed) }

    func close() async {
        for connection in connections.withLock({ Array($0.values) }) { await connection.close() }
    }
}
