public import Contracts
public import Credentials
public import Envelope
public import Foundation
public import GRDB

/// A command endpoint, as the `RequestDesk` answers it: one frame of JSON read strictly (an unknown member
/// is `malformed_command`), filed under its issuer and its client-chosen `command` id with its canonical
/// form (the same id for another command is `command_id_reused`), answered with a `command-reply`; a
/// refusal is journaled like an answer, so a retry gets the same refusal. Device, mediator and dispatch's
/// commands are configurations of it.
public struct CommandEndpoint<Command: CommandContract>: RequestEndpoint {
    /// Carries a command out in the desk's transaction at `now`; throws `Refused` to refuse it.
    public typealias Execute = @Sendable (Database, Command, RequestSender, Date) throws -> CommandReply
    /// Refuses a command its sender's key may not send.
    public typealias Authorize = @Sendable (Command, Certificate) throws(Refused) -> Void

    let issuer: @Sendable (Command) -> String
    let authorizer: Authorize
    let execute: Execute

    /// `issuer`: whose command it is (the department, the staff member, the owner …), under which its ids are kept.
    public init(issuer: @escaping @Sendable (Command) -> String, authorize: @escaping Authorize, execute: @escaping Execute) {
        (self.issuer, authorizer, self.execute) = (issuer, authorize, execute)
    }

    public static var name: String { Command.commandName }
    public var journalsRefusals: Bool { true }

    public func read(_ frame: Data?) throws(Refused) -> Command { try Self.decode(frame) }

    public func journalKey(of command: Command) -> JournalKey {
        JournalKey(issuer: issuer(command), id: command.command, canonical: (try? JSONValueEncoder().encode(command).jsonData()) ?? Data())
    }

    public func authorize(_ command: Command, certificate: Certificate) throws(Refused) { try authorizer(command, certificate) }

    public func carryOut(_ db: Database, _ command: Command, sender: RequestSender, now: Date) throws -> Data {
        Self.encoded(try execute(db, command, sender, now))
    }

    public func encode(_ outcome: EndpointOutcome, for command: Command?) -> Data {
        switch outcome {
        case .answered(let reply): reply
        case .refused(let refused), .unavailable(let refused): Self.encoded(.refused(command?.command, refused.reason, refused.message))
        }
    }

    /// Decodes one frame into a command, or says precisely what is wrong with it.
    public static func decode<Decoded: Decodable>(_ frame: Data?, as type: Decoded.Type = Command.self) throws(Refused) -> Decoded {
        guard let frame else { throw Refused(.malformedCommand, "a command is exactly one frame of JSON") }
        let tree: JSONValue
        do { tree = try JSONValue.parse(frame) } catch {
            throw Refused(.malformedCommand, error.description)
        }
        do {
            return try JSONValueDecoder(rejectingUnknownKeys: true).decode(Decoded.self, from: tree)
        } catch let refused as Refused {
            throw refused
        } catch let error as DecodingError {
            let (field, reason) = error.fieldAndReason
            throw Refused(.malformedCommand, field.isEmpty ? reason : "'\(field)' \(reason)")
        } catch {
            throw Refused(.malformedCommand, "\(error)")
        }
    }

    static func encoded(_ reply: CommandReply) -> Data {
        (try? JSONValueEncoder().encode(reply).jsonData()) ?? Data(#"{"status":"error","error":"unavailable"}"#.utf8)
    }
}
