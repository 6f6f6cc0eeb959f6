public import Contracts
public import Credentials
import Envelope

/// Who may send a kind of command, for `CommandEndpoint(…, authorize:)`.
extension CommandEndpoint {
    /// Only a key of `role` whose identity is the one the command names (`named`), or a web console's key that acts
    /// for `role` (`Certificate.actsFor`: it signed that person in): a key of that role naming another is refused
    /// `mismatch`; a key of any other role, `forbidden`.
    public static func actingAs(_ role: Role, named: @escaping @Sendable (Command) -> String,
                                mismatch: Refusal = .forbidden) -> Authorize {
        { command, certificate throws(Refused) in
            if certificate.mayAct(as: named(command), role: role) { return }
            guard certificate.role == role else {
                throw Refused(.forbidden, "a \(certificate.role.rawValue) key ('\(certificate.identity)') does not send \(Command.commandName)s")
            }
            guard certificate.identity == named(command) else {
                throw Refused(mismatch, "the key is '\(certificate.identity)''s; it acts for '\(certificate.identity)' only, not '\(named(command).prefix(64))'")
            }
        }
    }

    /// Any key of these roles.
    public static func roles(_ roles: Set<Role>) -> Authorize {
        { _, certificate throws(Refused) in
            guard roles.contains(certificate.role) else {
                throw Refused(.forbidden, "a \(certificate.role.rawValue) key ('\(certificate.identity)') does not send \(Command.commandName)s")
            }
        }
    }
}
