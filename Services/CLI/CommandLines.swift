public import ArgumentParser
public import Contracts
import Foundation

struct DepartmentCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dept", abstract: "Act as a department: listen for tasks, report for duty, post progress, complete, return, answer 督办.",
        discussion: """
            Examples:
              whistle dept cg listen                      # print cg's tasks as they arrive
              whistle dept cg ack intake-1-1-cg --note "on our way"
              whistle dept cg progress intake-1-1-cg --note "flower pots removed"
              whistle dept cg complete intake-1-1-cg --id done-1   # the same --id again gets the same answer
              whistle dept gs return intake-1-2-gs --reason "property pipe" --suggest wy
              whistle dept cg answer intake-1-1-cg --order intake-1-1-cg-o1 --note "已安排夜间巡查"
            Listening also hears reminders (催办), lateness, supervision orders (督办), withdrawals and send-backs on the same topic.
            """)

    enum Verb: String, ExpressibleByArgument, CaseIterable { case listen, ack, progress, complete, `return`, answer }

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "Department code (cg, pcs, wy …).") var department: String
    @Argument(help: "listen | ack | progress | complete | return | answer") var verb: Verb
    @Argument(help: "Task id (not for listen).") var task: String?
    @Option(help: "A note for the record (answer: the answer itself).") var note: String?
    @Option(help: "Why the task is returned (return only).") var reason: String?
    @Option(help: "Which department should have it (return only).") var suggest: String?
    @Option(help: "The supervision order answered (answer only).") var order: String?
    @Option(help: "Command id (default: a new one); retrying with the same id gets the identical answer.") var id: String?
    @Option(help: "listen: stop after this many tasks.") var count: Int?

    func run() async throws {
        if HandlingLevel(rawValue: department) != nil {
            throw ValidationError("'\(department)' is a rung, not a department: its holders act as themselves, e.g. `whistle staff co-c01 listen`")
        }
        if verb == .listen {
            return try await TailCommand.tail(bus: suite.busSubscribe, prefix: Topics.tasks(of: department), count: count,
                                              security: try suite.security(actingAs: department))
        }
        guard let task else { throw ValidationError("'\(verb.rawValue)' needs a task id") }
        let actions: [Verb: TaskAction] = [.ack: .acknowledge, .progress: .progress, .complete: .complete, .return: .return, .answer: .answer]
        let command = Contracts.DepartmentCommand(
            command: id ?? Requests.newCommandID(), department: department, task: task, action: actions[verb]!, note: note,
            reason: reason, suggest: suggest, order: order)
        try await Requests.send(command, to: suite.commands, security: try suite.security(actingAs: department), server: "dispatch-1")
    }
}

struct MediatorCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mediator", abstract: "Act as a mediator: listen for the disputes you are given, end your tier with one: agreed, failed (it climbs a tier), or referred.",
        discussion: """
            Mediation has four tiers ("4321"): the grid's mediator, the community's committee (调委会), the street's
            committee and the district's joint mediation centre (联调) — those the city names. A failure without
            --referral climbs to the next tier, whose mediator hears it on their task topic with the record so far;
            at the top tier it ends failed. A failure with --referral ends it referred outward.
            Examples:
              whistle mediator med-g03 listen                             # the disputes med-g03 is given (task.med-g03.…)
              whistle mediator med-g03 conclude m-intake-1-5 --outcome agreed --note "协议已签"
              whistle mediator med-g03 conclude m-intake-1-6 --outcome failed --note "双方分歧大"   # to med-c01
              whistle mediator med-c01 conclude m-intake-1-6 --outcome failed --referral court
            """)

    enum Verb: String, ExpressibleByArgument, CaseIterable { case listen, conclude }

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "Mediator id (med-g03, med-c01 …).") var mediator: String
    @Argument(help: "listen | conclude") var verb: Verb
    @Argument(help: "Mediation case id (m-<case>; not for listen).") var mediation: String?
    @Option(help: "agreed | failed") var outcome: MediationOutcome?
    @Option(help: "A note for the record (answer: the answer itself).") var note: String?
    @Option(help: "Failed only: refer the parties outward and end it (court | arbitration | petition | police).") var referral: Referral?
    @Option(help: "Command id (default: a new one); retrying with the same id gets the identical answer.") var id: String?
    @Option(help: "listen: stop after this many events.") var count: Int?

    func run() async throws {
        if verb == .listen {
            return try await TailCommand.tail(bus: suite.busSubscribe, prefix: Topics.tasks(of: mediator), count: count,
                                              security: try suite.security(actingAs: mediator))
        }
        guard let mediation else { throw ValidationError("'conclude' needs a mediation case id") }
        guard let outcome else { throw ValidationError("'conclude' needs --outcome agreed or failed") }
        let command = Contracts.MediatorCommand(
            command: id ?? Requests.newCommandID(), mediator: mediator, mediation: mediation, action: .conclude, outcome: outcome,
            note: note, referral: referral)
        try await Requests.send(command, to: suite.mediatorCommands, security: try suite.security(actingAs: mediator), server: "mediation-1")
    }
}

extension MediationOutcome: ExpressibleByArgument {}
extension Referral: ExpressibleByArgument {}
