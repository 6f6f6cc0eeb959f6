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
    /// the new state of what the command acted on (a task's state, a mediation's status, a proposal's status,
    /// a vote's choice, a household's registration, a delivery's state).
    public var command, caseID, task, mediation, device, proposal, household, delivery, recipient, state: String?
    public var error: Refusal?
    public var message: String?

    enum CodingKeys: String, CodingKey {
        case status, command, caseID = "case", task, mediation, device, proposal, household, delivery, recipient, state, error, message
    }

    public static func ok(_ command: String, caseID: String?, task: String? = nil, mediation: String? = nil, device: String? = nil,
                          proposal: String? = nil, household: String? = nil, delivery: String? = nil, recipient: String? = nil,
                          state: String) -> CommandReply {
        CommandReply(status: .ok, command: command, caseID: caseID, task: task, mediation: mediation, device: device, proposal: proposal,
                     household: household, delivery: delivery, recipient: recipient, state: state)
    }

    public static func refused(_ command: String?, _ error: Refusal, _ message: String) -> CommandReply {
        CommandReply(status: .error, command: command, error: error, message: message)
    }
}

public enum ReplyStatus: String, ContractEnum {
    case ok, error
}
