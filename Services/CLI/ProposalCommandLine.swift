public import ArgumentParser
public import Contracts
import Envelope
import Foundation

struct ProposalCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposal",
        abstract: "Community deliberation (协商议事, 提议定做评): an office proposes a question, records its discussions and 四议, opens and closes its vote, records the tasks carrying it out, completes them, closes the households' rating and publishes (两公开); a household votes and rates; anyone shows one.",
        discussion: """
            Households are registered per community (the city file's households: section), each with its exclusive area in m².
            A proposal asks a community's households, or one building's; each household has one vote (agree, disagree,
            abstain — or, on a question given --option twice or more, one of its options or abstain), changeable until the
            close unless --no-changeable. The vote closes at --closes (an RFC 3339 time, or +<seconds>) or when the office
            closes it, and is counted once by its rule (on a question with options, the option whose households alone meet
            what the rule asks of "agree" is chosen; when none does, nothing passes):
              majority                more than half of the households asked agree
              double-majority         owners' common matters (Civil Code art. 278, 双过半): ≥ 2/3 of the area and ≥ 2/3 of the
                                      households take part, and more than half of the participating area and participants agree
              double-three-quarters   the same participation, and ≥ 3/4 of both agree: maintenance funds, rebuilding or
                                      altering the building (加装电梯), changing the use of common parts
            提议定做评: `propose` records the question for discussion (议: `record --stage discussion`, or 四议 in order:
            branch-proposal, committees, party-members, representatives — all four before the vote once one is recorded);
            `open` puts it to the vote (定); a passed proposal is carried out (做: `carry-out --task …`, optionally
            `--case` the case it was dispatched as), then `complete`: the households rate the result (评: `rate`) until the
            office's `evaluate`. `publish --publication resolution|result` publishes the resolution and the result (两公开).
            The office acts with its own key; a vote or a rating comes from the resident app's key for the household's
            representative.
            Examples:
              whistle proposal propose c01-lift-3 --as co-c01 --community c01 --building 3 --question "3号楼加装电梯" --proposed-by "3号楼业主代表"
              whistle proposal record c01-lift-3 --as co-c01 --stage branch-proposal --note "社区党委提议，3号楼加装电梯"
              whistle proposal open c01-lift-3 --as co-c01 --rule double-three-quarters --closes +604800
              whistle proposal carry-out c01-lift-3 --as co-c01 --task "施工单位招标" --case intake-1-9
              whistle proposal complete c01-lift-3 --as co-c01
              whistle proposal rate c01-lift-3 --household c01-3-1-101 --voter r-001 --satisfaction satisfied
              whistle proposal evaluate c01-lift-3 --as co-c01
              whistle proposal publish c01-lift-3 --as co-c01 --publication result --note "电梯已投入使用"
              whistle proposal open c01-lift-3 --as co-c01 --community c01 --building 3 --question "3号楼加装电梯" \\
                  --rule double-three-quarters --closes 2026-12-20T17:00:00+08:00 --proposed-by "3号楼业主代表"
              whistle proposal vote c01-lift-3 --household c01-3-1-101 --voter r-001 --choice agree
              whistle proposal open c01-wy-2027 --as co-c01 --community c01 --question "选聘物业服务企业" --rule double-majority \\
                  --option "甲物业" --option "乙物业" --option "丙物业" --closes +1209600
              whistle proposal vote c01-wy-2027 --household c01-3-1-101 --voter r-001 --option "乙物业"
              whistle proposal show c01-lift-3            # the question, the live tally by household and by area
              whistle proposal close c01-lift-3 --as co-c01
            """)

    enum Verb: String, ExpressibleByArgument, CaseIterable {
        case propose, record, open, close, vote
        case carryOut = "carry-out"
        case complete, rate, evaluate, publish, show

        /// An office's verb is the proposal command's action of the same name.
        var action: ProposalAction? { ProposalAction(rawValue: rawValue) }
    }

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "propose | record | open | close | vote | carry-out | complete | rate | evaluate | publish | show") var verb: Verb
    @Argument(help: "The proposal's id (chosen by the office that opens it, e.g. c01-lift-3).") var proposal: String
    @Option(help: "open: the community asked.") var community: String?
    @Option(help: "open: only this building's households.") var building: String?
    @Option(help: "open: the question.") var question: String?
    @Option(help: "open: majority | double-majority | double-three-quarters") var rule: VotingRule?
    @Option(help: "open: when the vote closes (RFC 3339, or +<seconds> from now).") var closes: String?
    @Option(name: .customLong("proposed-by"), help: "open: who proposed it (a resident, a household, a grid worker, the Party branch).") var proposedBy: String?
    @Flag(name: .customLong("no-changeable"), help: "open: a household's first vote is final.") var final = false
    @Option(name: .customLong("option"), help: "propose, open: one of the question's options (repeat for each, 2 to 9); vote: the option chosen.")
    var options: [String] = []
    @Option(help: "vote: the household voting.") var household: String?
    @Option(help: "vote: the resident voting for it.") var voter: String?
    @Option(help: "vote: agree | disagree | abstain") var choice: VoteChoice?
    @Option(help: "rate: satisfied | basic | unsatisfied") var satisfaction: Satisfaction?
    @Option(help: "record: discussion | branch-proposal | committees | party-members | representatives") var stage: DeliberationStage?
    @Option(help: "record: the minutes; carry-out, complete, evaluate, publish, rate: a note.") var note: String?
    @Option(help: "carry-out: the task.") var task: String?
    @Option(name: .customLong("case"), help: "carry-out: the case the task was dispatched as.") var caseID: String?
    @Option(help: "publish: resolution | result") var publication: Publication?
    @Option(help: "Command id (default: a new one); retrying with the same id gets the identical answer.") var id: String?

    func run() async throws {
        let command = id ?? Requests.newCommandID()
        switch verb {
        case .show:
            let url = "http://\(suite.http("mediation"))/proposals/\(proposal.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? proposal)"
            let body = try await Requests.get(url, what: "proposal", apiKey: try suite.apiKey(actingAs: "operator"))
            let view = try JSONValueDecoder().decode(ProposalView.self, from: JSONValue.parse(body))
            print(String(decoding: try JSONValueEncoder().encode(view).jsonData(pretty: true), as: UTF8.self), terminator: "")
        case .vote:
            guard let household, let voter, (choice != nil) != (options.count == 1), options.count <= 1 else {
                throw ValidationError("'vote' needs --household, --voter and either --choice or one --option")
            }
            let vote = VoteCommand(command: command, proposal: proposal, household: household, voter: voter, choice: choice, option: options.first)
            try await Requests.send(vote, to: suite.mediatorCommands, security: try suite.security(actingAs: "resident-app"), server: "mediation-1")
        case .rate:
            guard let household, let voter, let satisfaction else { throw ValidationError("'rate' needs --household, --voter and --satisfaction") }
            let rating = ProposalRatingCommand(command: command, proposal: proposal, household: household, voter: voter, satisfaction: satisfaction,
                                               comment: note)
            try await Requests.send(rating, to: suite.mediatorCommands, security: try suite.security(actingAs: "resident-app"), server: "mediation-1")
        case .propose, .record, .open, .close, .carryOut, .complete, .evaluate, .publish:
            guard let staff = suite.identity else { throw ValidationError("'\(verb.rawValue)' acts as a community office: --as co-c01") }
            let closesAt = try closes.map { try CommandTime.parse($0, option: "closes") }
            guard let action = verb.action else { preconditionFailure("an office's verb") }
            let message = ProposalCommand(command: command, staff: staff, proposal: proposal, action: action, community: community, building: building,
                                          question: question, rule: rule, closesAt: closesAt, proposedBy: proposedBy, changeable: final ? false : nil,
                                          options: options.isEmpty ? nil : options, stage: stage, publication: publication, note: note, task: task, caseID: caseID)
            try await Requests.send(message, to: suite.mediatorCommands, security: try suite.security(actingAs: staff), server: "mediation-1")
        }
    }
}

extension VotingRule: ExpressibleByArgument {}
extension VoteChoice: ExpressibleByArgument {}
extension DeliberationStage: ExpressibleByArgument {}
extension Publication: ExpressibleByArgument {}
