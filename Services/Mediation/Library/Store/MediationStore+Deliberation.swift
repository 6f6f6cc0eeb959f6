import CityModel
import Contracts
import Foundation
import GRDB
import Messaging
import StoreKit

extension ServiceStore where Schema == MediationSchema {
    /// Brings the city file's households into the registry (a household the file names is as the file says).
    func register(_ households: [City.Household]) throws {
        try database.write { db in
            for household in households {
                var record = HouseholdRecord(household)
                try record.save(db)
            }
        }
    }

    func household(_ db: Database, _ id: String) throws -> City.Household? {
        try HouseholdRecord.fetchOne(db, key: id)?.household
    }

    /// Records a change to the registry.
    func record(_ db: Database, _ decision: HouseholdDecision) throws {
        switch decision {
        case .register(let household):
            var record = HouseholdRecord(household)
            try record.save(db)
        case .retire(let id):
            _ = try HouseholdRecord.deleteOne(db, key: id)
        }
    }

    /// The registered households of a community.
    func households(_ db: Database, community: String) throws -> [City.Household] {
        try HouseholdRecord.filter(HouseholdRecord.Columns.community == community).order(HouseholdRecord.Columns.householdID).fetchAll(db)
            .map(\.household)
    }

    func proposal(_ db: Database, _ id: String) throws -> ProposalFile? {
        try ProposalRecord.fetchOne(db, key: id)?.file()
    }

    /// The households a proposal asked, and their votes by household.
    func ballot(_ db: Database, proposal: String) throws -> (asked: [Voter], votes: [String: Ballot]) {
        let asked = try RollRecord.filter(RollRecord.Columns.proposalID == proposal).fetchAll(db).map(\.voter)
        let votes = try VoteRecord.filter(VoteRecord.Columns.proposalID == proposal).fetchAll(db)
        return (asked, Dictionary(uniqueKeysWithValues: votes.map { ($0.householdID, $0.ballot) }))
    }

    /// One household of a proposal's roll, and its vote so far.
    func voter(_ db: Database, proposal: String, household: String) throws -> (Voter?, Ballot?) {
        let voter = try RollRecord.fetchOne(db, key: ["proposal_id": proposal, "household_id": household])?.voter
        let vote = try VoteRecord.fetchOne(db, key: ["proposal_id": proposal, "household_id": household])?.ballot
        return (voter, vote)
    }

    /// The open proposals whose closing time came by `now`, earliest first.
    func closing(_ db: Database, at now: Date, limit: Int) throws -> [ProposalFile] {
        try ProposalRecord.filter(ProposalRecord.Columns.status == ProposalStatus.open.rawValue
                                    && ProposalRecord.Columns.closesAt <= now.timeIntervalSince1970)
            .order(ProposalRecord.Columns.closesAt).limit(limit).fetchAll(db).map { try $0.file() }
    }

    /// Records a proposal's decision: the proposal, its roll when it opens, its events in the outbox.
    func record(_ db: Database, _ decision: ProposalDecision, at time: Date) throws {
        var record = try ProposalRecord(decision.file)
        try record.save(db)
        for voter in decision.roll {
            var roll = RollRecord(proposalID: decision.file.proposal, householdID: voter.household, area: voter.area,
                                  representative: voter.representative)
            try roll.insert(db)
        }
        try outbox.append(db, decision.emissions, time: time)
    }

    func record(_ db: Database, _ vote: VoteDecision) throws {
        var record = VoteRecord(proposalID: vote.proposal, householdID: vote.household, voter: vote.voter, choice: vote.ballot.choice,
                                option: vote.ballot.option, votedAt: vote.at)
        try record.save(db)
    }

    /// A proposal as it stands, for `GET /proposals/<id>`: with the live tally while its vote is open, and the
    /// households asked and their ratings so far.
    func proposalView(_ id: String) throws -> (file: ProposalFile, tally: VoteTally?, asked: Int, ratings: [Satisfaction])? {
        try database.read { db in
            guard let file = try proposal(db, id) else { return nil }
            let (asked, votes) = try ballot(db, proposal: id)
            let tally = try file.tally ?? file.rule.map { VoteCount.count($0, asked: asked, votes: votes, options: file.options).tally }
            return (file, tally, asked.count, try ratings(db, proposal: id))
        }
    }

    /// The households' ratings of a proposal's result, one each.
    func ratings(_ db: Database, proposal: String) throws -> [Satisfaction] {
        try RatingRecord.filter(RatingRecord.Columns.proposalID == proposal).fetchAll(db).map(\.satisfaction)
    }

    /// How many households a proposal's vote asked.
    func asked(_ db: Database, proposal: String) throws -> Int {
        try RollRecord.filter(RollRecord.Columns.proposalID == proposal).fetchCount(db)
    }

    /// Records a household's rating (replacing its earlier one).
    func record(_ db: Database, _ rating: RatingDecision) throws {
        var record = RatingRecord(proposalID: rating.proposal, householdID: rating.household, voter: rating.voter, satisfaction: rating.satisfaction,
                                  comment: rating.comment, ratedAt: rating.at)
        try record.save(db)
    }
}
