import Foundation
public import Contracts

/// A household's vote as counted: a choice (agree, disagree, abstain), or — on a question with options — the option it
/// chose (kept with the choice `agree`), or abstain.
public struct Ballot: Sendable, Equatable {
    public var choice: VoteChoice
    public var option: String?

    public init(_ choice: VoteChoice, option: String? = nil) { (self.choice, self.option) = (choice, option) }

    /// An option chosen.
    public static func option(_ option: String) -> Ballot { Ballot(.agree, option: option) }

    /// What the vote's reply names: the option chosen, or the choice.
    public var state: String { option ?? choice.rawValue }

    /// The ballot `command` casts on a question with `options` (nil: a yes/no question), or why it does not fit.
    public static func cast(_ command: VoteCommand, options: [String]?) throws(Refused) -> Ballot {
        switch (command.choice, command.option, options) {
        case (.some, .some, _), (nil, nil, _):
            throw Refused(.invalidBallot, "a vote names exactly one of 'choice' and 'option'")
        case (let choice?, nil, nil):
            return Ballot(choice)
        case (_, .some, nil):
            throw Refused(.invalidBallot, "this question has no options: vote agree, disagree or abstain")
        case (.abstain?, nil, .some):
            return Ballot(.abstain)
        case (.some, nil, let options?):
            throw Refused(.invalidBallot, "this question is answered by one of its options (\(options.joined(separator: ", "))) or abstain")
        case (nil, let option?, let options?):
            guard options.contains(option) else {
                throw Refused(.invalidBallot, "'\(option.prefix(64))' is not an option of this question (\(options.joined(separator: ", ")))")
            }
            return .option(option)
        }
    }

    /// A question's options as an office gives them: 2 to 9, each 1–100 characters after trimming, all different.
    public static func options(_ given: [String]?) throws(Refused) -> [String]? {
        guard let given else { return nil }
        let options = given.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard (2...9).contains(options.count), options.allSatisfy({ !$0.isEmpty && $0.count <= 100 }), Set(options).count == options.count else {
            throw Refused(.invalidProposal, "'options' must be 2 to 9 different labels of 1–100 characters")
        }
        return options
    }
}
