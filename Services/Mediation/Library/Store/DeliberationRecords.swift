import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import StoreKit

/// A household of the registry (table `deliberation_household`).
struct HouseholdRecord: StoredRecord {
    static let databaseTableName = "deliberation_household"
    var householdID, community, building: String
    var unit, door, representative: String?
    var area: Double

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case householdID = "household_id", community, building, unit, door, representative, area
    }
    typealias Columns = CodingKeys

    init(_ household: City.Household) {
        (householdID, community, building, unit, door) = (household.id, household.community, household.building, household.unit, household.door)
        (representative, area) = (household.representative, household.area)
    }

    var household: City.Household {
        City.Household(id: householdID, community: community, building: building, unit: unit, door: door, representative: representative, area: area)
    }
}

/// A proposal (table `deliberation_proposal`); its tally is JSON once decided, its discussions, tasks, publications
/// and the households' ratings JSON too.
struct ProposalRecord: StoredRecord {
    static let databaseTableName = "deliberation_proposal"
    var proposalID, street, community, question, openedBy: String
    var building, proposedBy: String?
    var options: [String]?
    var chosen: String?
    var rule: VotingRule?
    var changeable: Bool
    var openedAt: Date
    var closesAt: Date?
    var status: ProposalStatus
    var passed: Bool?
    var tally: String?
    var closedAt: Date?
    var stages: [StageEntry]
    var tasks: [TaskEntry]
    var publications: [PublicationEntry]
    var satisfaction: SatisfactionTally?
    var steps: Int

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case proposalID = "proposal_id", street, community, building, question, proposedBy = "proposed_by", openedBy = "opened_by", rule
        case changeable, openedAt = "opened_at", closesAt = "closes_at", status, passed, tally, closedAt = "closed_at", options, chosen
        case stages, tasks, publications, satisfaction, steps
    }
    typealias Columns = CodingKeys

    init(_ file: ProposalFile) throws {
        (proposalID, street, community, building) = (file.proposal, file.area.street, file.area.community ?? "", file.building)
        (question, proposedBy, openedBy, rule, changeable) = (file.question, file.proposedBy, file.openedBy, file.rule, file.changeable)
        (openedAt, closesAt, status, passed, closedAt) = (file.openedAt, file.closesAt, file.status, file.passed, file.closedAt)
        tally = try file.tally.map { String(decoding: try JSONValueEncoder().encode($0).jsonData(), as: UTF8.self) }
        (stages, tasks, publications, satisfaction, steps) = (file.stages, file.tasks, file.publications, file.satisfaction, file.steps)
        (options, chosen) = (file.options, file.chosen)
    }

    func file() throws -> ProposalFile {
        var file = ProposalFile(proposal: proposalID, area: Area(street: street, community: community), building: building, question: question,
                                proposedBy: proposedBy, openedBy: openedBy, rule: rule, changeable: changeable, openedAt: openedAt, closesAt: closesAt,
                                status: status, passed: passed,
                                tally: try tally.map { try JSONValueDecoder().decode(VoteTally.self, from: JSONValue.parse(Data($0.utf8))) },
                                closedAt: closedAt)
        (file.stages, file.tasks, file.publications, file.satisfaction, file.steps) = (stages, tasks, publications, satisfaction, steps)
        (file.options, file.chosen) = (options, chosen)
        return file
    }
}

/// A household's rating of a proposal's result (table `deliberation_rating`): the latest it gave.
struct RatingRecord: StoredRecord {
    static let databaseTableName = "deliberation_rating"
    var proposalID, householdID, voter: String
    var satisfaction: Satisfaction
    var comment: String?
    var ratedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case proposalID = "proposal_id", householdID = "household_id", voter, satisfaction, comment, ratedAt = "rated_at"
    }
    typealias Columns = CodingKeys
}

/// A household asked by a proposal, as it was when the vote opened (table `deliberation_roll`).
struct RollRecord: StoredRecord {
    static let databaseTableName = "deliberation_roll"
    var proposalID, householdID: String
    var area: Double
    var representative: String?

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case proposalID = "proposal_id", householdID = "household_id", area, representative
    }
    typealias Columns = CodingKeys

    var voter: Voter { Voter(household: householdID, area: area, representative: representative) }
}

/// A household's vote (table `deliberation_vote`): the latest it cast — a choice, or an option (kept with `agree`).
struct VoteRecord: StoredRecord {
    static let databaseTableName = "deliberation_vote"
    var proposalID, householdID, voter: String
    var choice: VoteChoice
    var option: String?
    var votedAt: Date

    enum CodingKeys: String, CodingKey, ColumnExpression {
        case proposalID = "proposal_id", householdID = "household_id", voter, choice, option, votedAt = "voted_at"
    }
    typealias Columns = CodingKeys

    var ballot: Ballot { Ballot(choice, option: option) }
}
