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
            With dispatch split by street, a command goes to the instance that holds the task, found through the buses
            (docs/operations.md, Partitions).
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
            return try await TailCommand.tail(buses: suite.busSubscribe, prefix: Topics.tasks(of: department), count: count,
                                              security: try suite.security(actingAs: department))
        }
        guard let task else { throw ValidationError("'\(verb.rawValue)' needs a task id") }
        let actions: [Verb: TaskAction] = [.ack: .acknowledge, .progress: .progress, .complete: .complete, .return: .return, .answer: .answer]
        let command = Contracts.DepartmentCommand(
            command: id ?? Requests.newCommandID(), department: department, task: task, action: actions[verb]!, note: note,
            reason: reason, suggest: suggest, order: order)
        try await Requests.sendToDispatch(command, suite: suite, security: try suite.security(actingAs: department))
    }
}
extension MediationOutcome: ExpressibleByArgument {}
extension Referral: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
