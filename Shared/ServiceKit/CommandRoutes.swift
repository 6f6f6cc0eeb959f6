public import Foundation
import Envelope
public import Messaging

/// One command endpoint answering several kinds of command, each told apart by a member only it carries
/// (dispatch's: `staff` for staff commands, `reporter` for ratings, else a department's command). A frame
/// that is not a JSON object goes to the last kind, whose desk says what is wrong with it.
public struct CommandRoutes: Sendable {
    let routes: [(member: String, answer: ReplyServer.Answer)]
    let otherwise: ReplyServer.Answer

    /// `routes` are tried in order: the first whose member the command has answers it; `otherwise` answers the rest.
    public init(_ routes: [(member: String, answer: ReplyServer.Answer)], otherwise: @escaping ReplyServer.Answer) {
        (self.routes, self.otherwise) = (routes, otherwise)
    }

    public func answer(_ request: Data?, from sender: String?) -> Data {
        if let request, case .object(let members)? = try? JSONValue.parse(request),
           let route = routes.first(where: { members[$0.member] != nil }) {
            return route.answer(request, sender)
        }
        return otherwise(request, sender)
    }
}
