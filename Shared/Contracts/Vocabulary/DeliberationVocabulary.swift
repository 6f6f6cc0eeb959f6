public import Envelope

/// How a proposal's vote decides, counted by household (one vote each).
public enum VotingRule: String, ContractEnum {
    /// More than half of all the households asked agree.
    case majority
    /// The Civil Code's owners' rule (art. 278), 双过半: households holding ≥ 2/3 of the exclusive area and ≥ 2/3
    /// of the households take part, and more than half of the participating area and of the participants agree.
    case doubleMajority = "double-majority"
    /// The same participation, and ≥ 3/4 of the participating area and of the participants agree (双四分之三):
    /// raising maintenance funds, rebuilding or altering the building (adding a lift, 加装电梯), changing the use
    /// of common parts.
    case doubleThreeQuarters = "double-three-quarters"
}

/// A household's vote.
public enum VoteChoice: String, ContractEnum {
    case agree, disagree, abstain
}

/// Whether a proposal's vote is open, or closed and counted.
public enum ProposalStatus: String, ContractEnum {
    case open, decided
}

/// What a community office may do with a proposal.
public enum ProposalAction: String, ContractEnum {
    /// 提 → 定: put the question to the households, with its rule and closing time.
    case open
    /// Close the vote now (it also closes by itself at its closing time) and publish the result.
    case close
}

/// What an office may do with its community's household registry.
public enum HouseholdAction: String, ContractEnum {
    /// Add a household, or change one (its building, unit, door, representative, area).
    case register
    /// Take a household off the registry: later proposals do not ask it (those open keep their roll).
    case retire
}
