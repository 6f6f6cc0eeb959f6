public import ArgumentParser
public import Contracts
import Foundation

struct StaffCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Act as a grid worker or a community, street or district office: listen for your tasks, resolve, escalate, whistle, summon, reassign, triage, supervise, verify.",
        discussion: """
            Staff ids are in the city file: gw-g03 (grid worker), co-c01 (community office), so-s01 (street office), do-d01 (district).
            Each acts with its own key (data/keys/secret/<id>.json) and hears only its own tasks, on task.<id>.
            Examples:
              whistle staff gw-g02 listen                                # gw-g02's tasks as they come (task.gw-g02.…)
              whistle staff co-c01 listen --count 1                      # the community office's next task, then stop
              whistle staff gw-g02 resolve intake-1-1 --note "已清理"
              whistle staff gw-g02 escalate intake-1-1 --reason "需要社区协调"
              whistle staff co-c01 whistle intake-1-1                    # 吹哨: the office of the case's rung summons the departments
              whistle staff so-s01 summon intake-1-1 --department pcs    # 会办: joint handling
              whistle staff so-s01 reassign intake-1-1 --task intake-1-1-wy --department gd --reason "电力故障"
              whistle staff so-s01 triage intake-1-1 --task intake-1-1-gs --decision accept
              whistle staff so-s01 triage intake-1-1 --task intake-1-1-gs --decision send-back --opinion "管网归属供水"
              whistle staff so-s01 supervise intake-1-1 --task intake-1-1-cg --opinion "今日内处置" --within 4wh
              whistle staff so-s01 verify intake-1-1 --outcome fixed
              whistle staff so-s01 verify intake-1-1 --outcome unfixable --reason "待旧改统一解决"
            """)

    /// `listen`, or one of the staff actions.
    enum Verb: String, ExpressibleByArgument, CaseIterable {
        case listen, resolve, escalate, deescalate, whistle, summon, reassign, triage, supervise, verify
    }

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "Staff id: a grid worker's or an office's, as in the city file.") var staff: String
    @Argument(help: "listen | resolve | escalate | deescalate | whistle | summon | reassign | triage | supervise | verify") var verb: Verb
    @Argument(help: "Case id (not for listen).") var caseID: String?
    @Option(help: "The task acted on (reassign, triage, supervise).") var task: String?
    @Option(help: "A department code (summon, reassign, triage --decision reassign).") var department: String?
    @Option(help: "Why (escalate, deescalate, reassign; verify unfixable / invalid).") var reason: String?
    @Option(help: "A note for the record.") var note: String?
    @Option(help: "An opinion (supervise; triage send-back).") var opinion: String?
    @Option(help: "supervise: answer within this time limit (e.g. 4wh, 2h); default the city's.") var within: String?
    @Option(help: "verify: fixed | unfixable | invalid") var outcome: VerificationOutcome?
    @Option(help: "triage: accept | reassign | send-back") var decision: TriageDecision?
    @Option(help: "Command id (default: a new one); retrying with the same id gets the identical answer.") var id: String?
    @Option(help: "listen: stop after this many events.") var count: Int?

    func run() async throws {
        guard let action = StaffAction(rawValue: verb.rawValue) else {
            return try await TailCommand.tail(buses: suite.busSubscribe, prefix: Topics.tasks(of: staff), count: count,
                                              security: try suite.security(actingAs: staff))
        }
        guard let caseID else { throw ValidationError("'\(verb.rawValue)' needs a case id") }
        let command = Contracts.StaffCommand(
            command: id ?? Requests.newCommandID(), staff: staff, caseID: caseID, action: action, task: task, department: department,
            reason: reason, note: note, opinion: opinion, within: within, outcome: outcome, decision: decision)
        try await Requests.sendToDispatch(command, suite: suite, security: try suite.security(actingAs: staff))
    }
}

struct RatingCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate", abstract: "Rate a settled case as its reporter: unsatisfied or not solved reopens it for rework (返工).",
        discussion: """
            Examples:
              whistle rate intake-1-1 --reporter r-001 --satisfaction satisfied --solved solved
              whistle rate intake-1-1 --reporter r-001 --satisfaction unsatisfied --solved not --comment "垃圾又堆起来了"
            """)

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "Case id.") var caseID: String
    @Option(help: "The reporter's id (only the reporter rates).") var reporter: String
    @Option(help: "satisfied | basic | unsatisfied") var satisfaction: Satisfaction
    @Option(help: "solved | partly | not") var solved: Solved
    @Option(help: "A comment.") var comment: String?
    @Option(help: "Command id (default: a new one); retrying with the same id gets the identical answer.") var id: String?

    func run() async throws {
        let command = Contracts.RatingCommand(command: id ?? Requests.newCommandID(), reporter: reporter, caseID: caseID,
                                              satisfaction: satisfaction, solved: solved, comment: comment)
        try await Requests.sendToDispatch(command, suite: suite, security: try suite.security(actingAs: "operator"))
    }
}

extension VerificationOutcome: ExpressibleByArgument {}
extension TriageDecision: ExpressibleByArgument {}
extension Satisfaction: ExpressibleByArgument {}
extension Solved: ExpressibleByArgument {}
