public import Contracts
public import Envelope
public import Foundation
public import GRDB
import Logging
public import Credentials
import Messaging
import Timekeeping

/// Answers one command endpoint the same way for every service: read the one JSON frame strictly (an
/// unknown member is an error), find an earlier answer to the same issuer's command id, else let the
/// service decide and change its store — and journal the reply — in one transaction, then reply. A
/// refused command rolls back whatever it touched and its refusal is journaled too, so a retry gets
/// the identical reply; only a store failure (`unavailable`) and a rate limit (`rate_limited`) are left
/// for the retry to redo. With security on, the sender is the key's identity, not what the body says:
/// `authorize` checks the body against the sender's certificate before anything else, and the journal
/// records who sent each command (the audit).
public struct CommandDesk<Command: CommandContract>: Sendable {
    /// Carries out a command inside the write transaction, at `now`; throws `CommandRefused` to refuse it.
    public typealias Execute = @Sendable (Database, Command, Date) throws -> CommandReply
    /// Refuses a command its sender's key may not send.
    public typealias Authorize = @Sendable (Command, Certificate) throws(CommandRefused) -> Void

    let database: any DatabaseWriter
    let clock: any WallClock
    let logger: Logger
    let issuer: @Sendable (Command) -> String
    let authorize: Authorize
    let security: SocketSecurity
    let rateLimiter: RateLimiter
    let execute: Execute

    /// A desk for `assembly`'s service: it decides at `assembly.clock`'s time, checks senders against
    /// `assembly.security` and its rate limiter, and logs to its logger.
    public init(_ assembly: ServiceAssembly, database: any DatabaseWriter, issuer: @escaping @Sendable (Command) -> String,
                authorize: @escaping Authorize, execute: @escaping Execute) {
        (self.database, self.clock, self.logger, self.issuer, self.execute) = (database, assembly.clock, assembly.logger, issuer, execute)
        (self.authorize, self.security, rateLimiter) = (authorize, assembly.security, assembly.rateLimiter)
    }

    /// The reply to one request frame (`nil` when the request had the wrong number of frames) from
    /// `sender` (the key's identity; nil without security).
    public func answer(_ request: Data?, from sender: String?) -> Data {
        let command: Command
        do throws(CommandRefused) {
            command = try Self.read(request)
            try check(command, from: sender)
        } catch {
            return encoded(.refused((try? Self.read(request))?.command, error.reason, error.message))
        }
        do {
            let canonical = try JSONValueEncoder().encode(command).jsonData()
            let who = issuer(command)
            return try database.write { db in
                if let earlier = try CommandJournal.entry(db, issuer: who, command: command.command) {
                    guard earlier.request == canonical else {
                        return encoded(.refused(command.command, .commandIDReused,
                                                "command id '\(command.command.prefix(80))' was used before for a different command"))
                    }
                    return earlier.reply
                }
                let now = clock.now()
                var reply = CommandReply.refused(command.command, .unavailable, "not carried out")
                do {
                    try db.inSavepoint {
                        reply = try execute(db, command, now)
                        return .commit
                    }
                } catch let refusal as CommandRefused {
                    reply = .refused(command.command, refusal.reason, refusal.message)
                }
                let bytes = encoded(reply)
                try CommandJournal.record(db, issuer: who, command: command.command, request: canonical, reply: bytes, sender: sender, at: now)
                return bytes
            }
        } catch {
            logger.error("command failed", metadata: ["command": "\(Command.commandName)", "error": "\(error)"])
            return encoded(.refused(command.command, .unavailable, "the command could not be stored; try again with the same command id"))
        }
    }

    /// With security on: the sender must be a listed key allowed this command, within its rate.
    func check(_ command: Command, from sender: String?) throws(CommandRefused) {
        guard let keyRing = security.keyRing else { return }
        guard let sender, let certificate = keyRing.certificate(identity: sender) else {
            throw CommandRefused(.forbidden, "the sending key is not (or no longer) listed")
        }
        guard rateLimiter.admit(sender, role: certificate.role) else {
            throw CommandRefused(.rateLimited, "'\(sender)' sent more commands than its rate allows; retry shortly with the same command id")
        }
        try authorize(command, certificate)
    }

    /// Decodes one request frame into the command, or says precisely what is wrong with it.
    static func read(_ request: Data?) throws(CommandRefused) -> Command {
        guard let request else { throw CommandRefused(.malformedCommand, "a command is exactly one frame of JSON") }
        let tree: JSONValue
        do { tree = try JSONValue.parse(request) } catch {
            throw CommandRefused(.malformedCommand, error.description)
        }
        do {
            return try JSONValueDecoder(rejectingUnknownKeys: true).decode(Command.self, from: tree)
        } catch let error as DecodingError {
            let (field, reason) = error.fieldAndReason
            throw CommandRefused(.malformedCommand, field.isEmpty ? reason : "'\(field)' \(reason)")
        } catch {
            throw CommandRefused(.malformedCommand, "\(error)")
        }
    }

    func encoded(_ reply: CommandReply) -> Data {
        (try? JSONValueEncoder().encode(reply).jsonData()) ?? Data(#"{"status":"error","error":"unavailable"}"#.utf8)
    }
}
