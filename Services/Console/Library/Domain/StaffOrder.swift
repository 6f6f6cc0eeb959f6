public import Contracts
import Foundation

/// A staff action taken from a case's page, as the command dispatch takes: the form's fields checked first, so a
/// form that cannot be a command is refused here with what is missing and nothing is sent.
public enum StaffOrder {
    public struct Invalid: Error, Equatable {
        public let message: String
        public init(message: String) { self.message = message }
    }

    /// What a case's page offers the viewer: staff act on the cases of their area until they close; everyone
    /// else only reads (dispatch decides whether the rung and the state allow each action, and says why not).
    public static func offered(to viewer: Viewer, on board: BoardCase) -> [StaffAction] {
        guard viewer.kind == .area, viewer.sees(board), board.isOpen else { return [] }
        return [.whistle, .escalate, .summon, .supervise, .resolve, .verify, .reassign, .triage]
    }

    /// The command for `staff` on `caseID` from a form: `command` (the id the page chose: sending it again gets the
    /// same answer), `action`, and what the action needs — `reason` to escalate, `department` to summon, `task` and
    /// `opinion` to supervise (`within`), `outcome` to verify (`reason` unless fixed).
    public static func command(from form: [String: String], staff: String, caseID: String) throws(Invalid) -> StaffCommand {
        func field(_ key: String) -> String? {
            guard let value = form[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        guard let id = field("command"), id.count <= 64 else { throw Invalid(message: "the form carries no command id (at most 64 characters): load the page again") }
        guard let name = field("action"), let action = StaffAction(rawValue: name) else {
            throw Invalid(message: "action '\((form["action"] ?? "").prefix(40))' is not one of: " + StaffAction.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var command = StaffCommand(command: id, staff: staff, caseID: caseID, action: action, note: field("note"))
        func need(_ key: String, _ why: String) throws(Invalid) -> String {
            guard let value = field(key) else { throw Invalid(message: "\(action.rawValue) needs \(key): \(why)") }
            guard value.count <= 500 else { throw Invalid(message: "\(key) is longer than 500 characters") }
            return value
        }
        switch action {
        case .escalate, .deescalate: command.reason = try need("reason", "why the case moves")
        case .summon: command.department = try need("department", "the department to summon (cg, wy …)")
        case .reassign: (command.task, command.department) = (try need("task", "the task to move"), try need("department", "where it goes"))
        case .supervise:
            (command.task, command.opinion, command.within) = (try need("task", "the task to supervise"), try need("opinion", "what must be done"), field("within"))
        case .verify:
            guard let text = field("outcome"), let outcome = VerificationOutcome(rawValue: text) else {
                throw Invalid(message: "verify needs outcome: " + VerificationOutcome.allCases.map(\.rawValue).joined(separator: ", "))
            }
            command.outcome = outcome
            if outcome != .fixed { command.reason = try need("reason", "why it is \(outcome.rawValue)") }
        case .triage:
            command.task = try need("task", "the returned task")
            guard let text = field("decision"), let decision = TriageDecision(rawValue: text) else {
                throw Invalid(message: "triage needs decision: " + TriageDecision.allCases.map(\.rawValue).joined(separator: ", "))
            }
            command.decision = decision
            if decision == .reassign { command.department = try need("department", "where the task goes") }
            if decision == .sendBack { command.opinion = try need("opinion", "what the department must still do") }
        case .resolve, .whistle: break
        }
        return command
    }
}
