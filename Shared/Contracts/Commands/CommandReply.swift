public import Envelope

/// The answer to every command, sent only after what it did is committed:
/// `{"status":"ok","command":"c-81","case":"intake-1-7","task":"intake-1-7-cg","state":"acknowledged"}` or
/// `{"status":"error","command":"c-81","error":"not_your_task","message":"…"}`. The same command id again gets
/// these very bytes back.
public struct CommandReply: MessageContract, Equatable {
    public static let messageName = "command-reply"
    public static let summary = "The answer to a command, after commit; the same command id again gets the identical reply."

    public var status: ReplyStatus
    /// `command` is the id this answers (absent only when the request could not be read at all); `state`
    /// the new state of what the command acted on (a task's state, a mediation's status).
    public var command, caseID, task, mediation, device, state: String?
    public var error: CommandRefusal?
    public var message: String?

    enum CodingKeys: String, CodingKey { case status, command, caseID = "case", task, mediation, device, state, error, message }

    public static func ok(_ command: String, caseID: String?, task: String? = nil, mediation: String? = nil, device: String? = nil,
                          state: String) -> CommandReply {
        CommandReply(status: .ok, command: command, caseID: caseID, task: task, mediation: mediation, device: device, state: state)
    }

    public static func refused(_ command: String?, _ error: CommandRefusal, _ message: String) -> CommandReply {
        CommandReply(status: .error, command: command, error: error, message: message)
    }
}

public enum ReplyStatus: String, ContractEnum {
    case ok, error
}

/// Why a command was refused. A refused command changes nothing.
public enum CommandRefusal: String, ContractEnum, Error {
    /// Not JSON, a missing or unknown field, a value of the wrong kind.
    case malformedCommand = "malformed_command"
    /// The command id was used before for a different command.
    case commandIDReused = "command_id_reused"
    case unknownTask = "unknown_task"
    /// A department acts only on its own tasks; a mediator only on their own cases.
    case notYourTask = "not_your_task"
    case invalidTransition = "invalid_transition"
    case reasonRequired = "reason_required"
    case unknownCase = "unknown_case"
    /// Not a grid worker or office of the city.
    case unknownStaff = "unknown_staff"
    /// The case lies outside the staff member's grid, community or street (or the reporter is not its reporter).
    case notYourCase = "not_your_case"
    /// The case is not at the rung this staff member works (a grid worker acts at the grid, an office at its level).
    case notAtThisLevel = "not_at_this_level"
    case unknownDepartment = "unknown_department"
    case unknownOrder = "unknown_order"
    /// The action needs a member the command left out (the message names it).
    case missingDetail = "missing_detail"
    /// This resolution was rated already.
    case alreadyRated = "already_rated"
    /// Only a resolved or verified case can be rated.
    case notResolved = "not_resolved"
    case unknownMediation = "unknown_mediation"
    case notYourMediation = "not_your_mediation"
    case outcomeRequired = "outcome_required"
    /// No such device in the registry (or it is retired).
    case unknownDevice = "unknown_device"
    /// A device entry that cannot be: a type no rule or category knows, a grid not in the city, a device
    /// registered already with other particulars.
    case invalidDevice = "invalid_device"
    /// The sending key may not send this command (another department's or office's, or a role that
    /// sends no such command).
    case forbidden
    /// The sending key sent more commands than its rate allows; retry later with the same command id.
    case rateLimited = "rate_limited"
    /// The store failed; retry with the same command id.
    case unavailable
}

/// A command refused for a reason its sender can act on; thrown by a service's decision, answered as
/// `{"status":"error","error":<reason>,"message":…}`.
public struct CommandRefused: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: CommandRefusal
    public let message: String

    public init(_ reason: CommandRefusal, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}
