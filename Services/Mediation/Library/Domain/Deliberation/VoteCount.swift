public import Contracts

/// Counts a proposal's votes by its rule, by household (head) and by exclusive area, exactly: areas are
/// compared in hundredths of a m², so a threshold met to the hundredth counts as met.
public enum VoteCount {
    /// The tally of `votes` (household → choice) among the households `asked`, and whether the rule passes it.
    public static func count(_ rule: VotingRule, asked: [Voter], votes: [String: VoteChoice]) -> (tally: VoteTally, passed: Bool) {
        func hundredths(_ area: Double) -> Int { Int((area * 100).rounded()) }
        var heads: [VoteChoice: Int] = [:]
        var areas: [VoteChoice: Int] = [:]
        var total = 0
        for voter in asked {
            total += hundredths(voter.area)
            guard let choice = votes[voter.household] else { continue }
            heads[choice, default: 0] += 1
            areas[choice, default: 0] += hundredths(voter.area)
        }
        let participants = heads.values.reduce(0, +)
        let participating = areas.values.reduce(0, +)
        let (agree, agreeArea) = (heads[.agree] ?? 0, areas[.agree] ?? 0)
        let quorum: Bool
        let passed: Bool
        switch rule {
        case .majority:
            quorum = true
            passed = agree * 2 > asked.count
        case .doubleMajority, .doubleThreeQuarters:
            // 双三分之二参与: ≥ 2/3 of the area and ≥ 2/3 of the households take part.
            quorum = participating * 3 >= total * 2 && participants * 3 >= asked.count * 2 && participants > 0
            passed = quorum && (rule == .doubleMajority
                ? agreeArea * 2 > participating && agree * 2 > participants          // 双过半
                : agreeArea * 4 >= participating * 3 && agree * 4 >= participants * 3) // 双四分之三
        }
        func m2(_ value: Int) -> Double { Double(value) / 100 }
        let tally = VoteTally(households: asked.count, participants: participants, agree: agree, disagree: heads[.disagree] ?? 0,
                              abstain: heads[.abstain] ?? 0, area: m2(total), participatingArea: m2(participating), agreeArea: m2(agreeArea),
                              disagreeArea: m2(areas[.disagree] ?? 0), abstainArea: m2(areas[.abstain] ?? 0), quorum: quorum)
        return (tally, passed)
    }
}
