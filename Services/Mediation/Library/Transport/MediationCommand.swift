import Contracts
import Credentials
import Envelope
import ServiceKit

/// What mediation's one command endpoint takes, told apart by the members each kind carries: `staff` with
/// `proposal` for an office's proposal, `staff` without it for an office's household registry, `household`
/// (without `staff`) for a vote, or with `satisfaction` a rating of a proposal's result; anything else is read
/// as a mediator's, which says what is wrong with it.
enum MediationCommand: CommandContract {
    case mediator(MediatorCommand)
    case proposal(ProposalCommand)
    case vote(VoteCommand)
    case household(HouseholdCommand)
    case rating(ProposalRatingCommand)

    static let commandName = "mediation command"
    static let summary = "A mediator, proposal, vote, rating or household command."

    var command: String {
        switch self {
        case .mediator(let command): command.command
        case .proposal(let command): command.command
        case .vote(let command): command.command
        case .household(let command): command.command
        case .rating(let command): command.command
        }
    }

    /// Whose command it is: the ids of each are kept apart.
    var issuer: String {
        switch self {
        case .mediator(let command): command.mediator
        case .proposal(let command): command.staff
        case .vote(let command): "vote:\(command.voter)"
        case .household(let command): command.staff
        case .rating(let command): "rating:\(command.voter)"
        }
    }

    init(from decoder: any Decoder) throws {
        let members = try decoder.container(keyedBy: AnyKey.self)
        if members.contains(AnyKey("staff")) {
            self = members.contains(AnyKey("proposal")) ? .proposal(try ProposalCommand(from: decoder)) : .household(try HouseholdCommand(from: decoder))
        } else if members.contains(AnyKey("household")) {
            self = members.contains(AnyKey("satisfaction")) ? .rating(try ProposalRatingCommand(from: decoder)) : .vote(try VoteCommand(from: decoder))
        } else {
            self = .mediator(try MediatorCommand(from: decoder))
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .mediator(let command): try command.encode(to: encoder)
        case .proposal(let command): try command.encode(to: encoder)
        case .vote(let command): try command.encode(to: encoder)
        case .household(let command): try command.encode(to: encoder)
        case .rating(let command): try command.encode(to: encoder)
        }
    }

    /// Mediators and offices (proposals, households) act as themselves; votes and ratings come from an integrator (the resident app) or an operator.
    static let authorize: CommandEndpoint<MediationCommand>.Authorize = { command, certificate throws(Refused) in
        switch command {
        case .mediator(let mediator): try CommandEndpoint<MediatorCommand>.actingAs(.staff, named: \.mediator)(mediator, certificate)
        case .proposal(let proposal): try CommandEndpoint<ProposalCommand>.actingAs(.staff, named: \.staff)(proposal, certificate)
        case .vote(let vote): try CommandEndpoint<VoteCommand>.roles([.integrator, .operator])(vote, certificate)
        case .household(let household): try CommandEndpoint<HouseholdCommand>.actingAs(.staff, named: \.staff)(household, certificate)
        case .rating(let rating): try CommandEndpoint<ProposalRatingCommand>.roles([.integrator, .operator])(rating, certificate)
        }
    }
}
