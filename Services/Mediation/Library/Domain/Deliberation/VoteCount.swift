public import Contracts

/// Counts a proposal's votes by its rule, by household (head) and by exclusive area, exactly: areas are
/// compared in hundredths of a m², so a threshold met to the hundredth counts as met.
public enum VoteCount {
    /// The tally of `votes` (household → ballot) among the households `asked`, whether the rule passes it, and on a
    /// question with `options` the option chosen. An option is chosen when its households alone meet the rule's
    /// approval, as `agree` does on a yes/no question (more than half, or three quarters: at most one option can).
    public static func count(_ rule: VotingRule, asked: [Voter], votes: [String: Ballot],
                             options: [String]? = nil) -> (tally: VoteTally, passed: Bool, chosen: String?) {
        var heads: [VoteChoice: Int] = [:]
        var areas: [VoteChoice: Int] = [:]
        var optionHeads: [String: Int] = [:]
        var optionAreas: [String: Int] = [:]
        var total = 0
        for voter in asked {
            total += hundredths(voter.area)
            guard let ballot = votes[voter.household] else { continue }
            if let option = ballot.option {
                optionHeads[option, default: 0] += 1
                optionAreas[option, default: 0] += hundredths(voter.area)
            } else {
                heads[ballot.choice, default: 0] += 1
                areas[ballot.choice, default: 0] += hundredths(voter.area)
            }
        }
        let participants = heads.values.reduce(0, +) + optionHeads.values.reduce(0, +)
        let participating = areas.values.reduce(0, +) + optionAreas.values.reduce(0, +)
        let quorum = rule == .majority || (participating * 3 >= total * 2 && participants * 3 >= asked.count * 2 && participants > 0)
        func approves(_ supporters: Int, _ supportingArea: Int) -> Bool {
            switch rule {
            case .majority: supporters * 2 > asked.count
            case .doubleMajority: quorum && supportingArea * 2 > participating && supporters * 2 > participants            // 双过半
            case .doubleThreeQuarters: quorum && supportingArea * 4 >= participating * 3 && supporters * 4 >= participants * 3 // 双四分之三
            }
        }
        let chosen = options?.first { approves(optionHeads[$0] ?? 0, optionAreas[$0] ?? 0) }
        let passed = options == nil ? approves(heads[.agree] ?? 0, areas[.agree] ?? 0) : chosen != nil
        let tally = VoteTally(households: asked.count, participants: participants, agree: heads[.agree] ?? 0, disagree: heads[.disagree] ?? 0,
                              abstain: heads[.abstain] ?? 0, area: m2(total), participatingArea: m2(participating), agreeArea: m2(areas[.agree] ?? 0),
                              disagreeArea: m2(areas[.disagree] ?? 0), abstainArea: m2(areas[.abstain] ?? 0), quorum: quorum,
                              options: options?.map { OptionTally(option: $0, households: optionHeads[$0] ?? 0, area: m2(optionAreas[$0] ?? 0)) })
        return (tally, passed, chosen)
    }

    private static func hundredths(_ area: Double) -> Int { Int((area * 100).rounded()) }
    private static func m2(_ value: Int) -> Double { Double(value) / 100 }
}
