public import Envelope

/// Why a request was refused — a command, a report or event sent to intake, an Open311 request: the one
/// closed vocabulary every endpoint answers with (`error` in `command-reply` and `ingest-reply`; Open311
/// maps it onto HTTP statuses). A refused request changes nothing. docs/protocol.md §3 lists them once.
public enum Refusal: String, ContractEnum, Error {
    // MARK: Reading the request
    /// A command that is not JSON, misses a member, has an unknown one, or a value of the wrong kind.
    case malformedCommand = "malformed_command"
    /// An event over 256 KiB.
    case oversize
    /// Not JSON, not an object, or invalid UTF-8 inside a string.
    case malformedJSON = "malformed_json"
    case missingAttribute = "missing_attribute"
    case invalidAttribute = "invalid_attribute"
    case unsupportedSpecversion = "unsupported_specversion"
    /// A request that is not exactly one frame.
    case wrongFrameCount = "wrong_frame_count"
    /// An event type intake does not take.
    case unknownType = "unknown_type"
    case unknownCategory = "unknown_category"
    /// A report whose data is wrong (the message names the field).
    case invalidReport = "invalid_report"
    /// A report with no location inside the city.
    case unlocatable

    // MARK: Who may send it
    /// The sending key may not send this (another's task or case, a type or source its certificate does not
    /// list, a role that sends no such request).
    case forbidden
    /// The sending key sent more than its rate allows, or a resident behind it more than their allowance;
    /// nothing was stored: retry later with the same id.
    case rateLimited = "rate_limited"

    // MARK: Idempotency
    /// The command id was used before for a different command.
    case commandIDReused = "command_id_reused"

    // MARK: What the request acts on
    case unknownTask = "unknown_task"
    /// A department acts only on its own tasks.
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
    /// A party objected to this mediator (回避): another has the mediation case now (the message names who).
    case mediatorRecused = "mediator_recused"
    /// No such session in the mediation case.
    case unknownSession = "unknown_session"
    /// The party named is not one of the mediation case's parties.
    case notAParty = "not_a_party"
    /// An extension of a mediation's time limit lacks a party's consent (the message names who).
    case consentMissing = "consent_missing"
    /// The agreement cannot be sealed before every party signed it (the message names who has not).
    case notSigned = "not_signed"
    /// Judicial confirmation is applied for within 30 days of the agreement taking effect; that window has closed.
    case confirmationWindowClosed = "confirmation_window_closed"
    /// No mediator serves the dispute's grid or community.
    case noMediator = "no_mediator"
    /// No such device in the registry (or it is retired), or a type the device does not send.
    case unknownDevice = "unknown_device"
    /// A device entry that cannot be: a type no rule or category knows, a grid not in the city, coordinates
    /// outside its grid.
    case invalidDevice = "invalid_device"

    /// No such proposal (协商议事) in the community.
    case unknownProposal = "unknown_proposal"
    /// A proposal under this id exists already.
    case proposalExists = "proposal_exists"
    /// A proposal that cannot be: an unknown community or building, a closing time not after now, nobody to vote.
    case invalidProposal = "invalid_proposal"
    /// The household is not one of those the proposal asks (not in the registry, or outside its community or
    /// building), or not in the registry at all.
    case notAHousehold = "not_a_household"
    /// A household entry that cannot be: an id not of a-z 0-9 - _, no building, an area not above 0, a community
    /// the city does not have.
    case invalidHousehold = "invalid_household"
    /// The vote has closed: nothing more is counted.
    case voteClosed = "vote_closed"
    /// The household voted already and this proposal does not let a vote be changed.
    case alreadyVoted = "already_voted"
    /// A vote that does not fit the question: an option it does not offer, an option on a yes/no question, agree or
    /// disagree on a question of options, or both a choice and an option (or neither).
    case invalidBallot = "invalid_ballot"

    /// No such delivery in notification's store.
    case unknownDelivery = "unknown_delivery"
    /// Preferences that cannot be: quiet hours not `HH:MM` to a different `HH:MM`, a recipient id not of a-z 0-9 - _.
    case invalidPreferences = "invalid_preferences"

    // MARK: The service
    /// The store failed; nothing was kept: retry with the same id.
    case unavailable
}

/// A request refused for a reason its sender can act on: thrown by a decision or a desk, answered with
/// `error` (the reason) and `message`.
public struct Refused: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: Refusal
    public let message: String

    public init(_ reason: Refusal, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}
