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

/// Where a proposal stands on 提 → 议 → 定 → 做 → 评: proposed (提, being discussed: 议), its vote open (定), decided
/// (counted), being carried out (做), its result being rated by the households (评), evaluated.
public enum ProposalStatus: String, ContractEnum {
    case proposed, open, decided
    case carryingOut = "carrying-out"
    case evaluating, evaluated
}

/// What a community office may do with a proposal.
public enum ProposalAction: String, ContractEnum {
    /// 提: record the proposal (community, question, who proposed it) for discussion, without a vote yet.
    case propose
    /// 议: record a discussion (a comment, a meeting) or one of 四议's four deliberations, in order (`stage`).
    case record
    /// 定: put the question to the households, with its rule and closing time (a proposed one, or a new one at once).
    case open
    /// Close the vote now (it also closes by itself at its closing time) and publish the result.
    case close
    /// 做: a task carrying out a passed proposal (optionally the case it was dispatched as).
    case carryOut = "carry-out"
    /// 做 done: the households may rate the result (评).
    case complete
    /// 评 closed: the households' ratings are counted and published.
    case evaluate
    /// 两公开: publish the resolution (once decided) or the result of carrying it out (once completed).
    case publish
}

/// 议: a discussion, or one of 四议两公开's four deliberations, which come in this order: the Party branch's
/// proposal (党组织提议), the two committees' discussion (两委会商议), the Party members' review (党员大会审议), the
/// residents' representatives' resolution (居民代表会议决议).
public enum DeliberationStage: String, ContractEnum {
    case discussion
    case branchProposal = "branch-proposal"
    case committees
    case partyMembers = "party-members"
    case representatives

    /// 四议 in order (a plain discussion is none of them).
    public static let fourDeliberations: [DeliberationStage] = [.branchProposal, .committees, .partyMembers, .representatives]
}

/// 两公开: what is published to the residents.
public enum Publication: String, ContractEnum {
    /// The resolution (决议公开): the question, the vote and its tally.
    case resolution
    /// The result of carrying it out (实施结果公开): the tasks and the households' ratings.
    case result
}

/// A step of a proposal that `whistle.deliberation.progressed` announces (the vote's opening and decision have events
/// of their own).
public enum DeliberationStep: String, ContractEnum {
    case proposed, deliberated, task, completed, evaluated, published
}

/// What an office may do with its community's household registry.
public enum HouseholdAction: String, ContractEnum {
    /// Add a household, or change one (its building, unit, door, representative, area).
    case register
    /// Take a household off the registry: later proposals do not ask it (those open keep their roll).
    case retire
}
