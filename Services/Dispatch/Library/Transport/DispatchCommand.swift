import Contracts
import Credentials
import Envelope
import ServiceKit

/// What dispatch's one command endpoint takes, told apart by a member only each kind carries: `staff` for a
/// staff command, `reporter` for a rating, anything else a department's command (a frame that is none of
/// them is read as a department's, which says what is wrong with it).
enum DispatchCommand: CommandContract {
    case staff(StaffCommand)
    case rating(RatingCommand)
    case department(DepartmentCommand)

    static let commandName = "dispatch command"
    static let summary = "A department, staff or rating command."

    var command: String {
        switch self {
        case .staff(let command): command.command
        case .rating(let command): command.command
        case .department(let command): command.command
        }
    }

    /// Whose command it is: the ids of each are kept apart.
    var issuer: String {
        switch self {
        case .staff(let command): command.staff
        case .rating(let command): command.reporter
        case .department(let command): command.department
        }
    }

    init(from decoder: any Decoder) throws {
        let members = try decoder.container(keyedBy: AnyKey.self)
        if members.contains(AnyKey("staff")) {
            self = .staff(try StaffCommand(from: decoder))
        } else if members.contains(AnyKey("reporter")) {
            self = .rating(try RatingCommand(from: decoder))
        } else {
            self = .department(try DepartmentCommand(from: decoder))
        }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .staff(let command): try command.encode(to: encoder)
        case .rating(let command): try command.encode(to: encoder)
        case .department(let command): try command.encode(to: encoder)
        }
    }

    /// Staff act as themselves; ratings come from an integrator (a resident app) or an operator; a department acts on its own tasks.
    static let authorize: CommandEndpoint<DispatchCommand>.Authorize = { command, certificate throws(Refused) in
        switch command {
        case .staff(let staff): try CommandEndpoint<StaffCommand>.actingAs(.staff, named: \.staff)(staff, certificate)
        case .rating(let rating): try CommandEndpoint<RatingCommand>.roles([.integrator, .operator])(rating, certificate)
        case .department(let department):
            try CommandEndpoint<DepartmentCommand>.actingAs(.department, named: \.department, mismatch: .notYourTask)(department, certificate)
        }
    }
}
