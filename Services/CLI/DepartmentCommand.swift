import ArgumentParser
import Foundation

struct DepartmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dept", abstract: "Act as a department: listen for tasks, report for duty, post progress, complete, return.",
        discussion: """
            Examples:
              whistle dept cg listen                      # print cg's tasks as they arrive
              whistle dept cg ack intake-1-1-cg --note "on our way"
              whistle dept cg progress intake-1-1-cg --note "flower pots removed"
              whistle dept cg complete intake-1-1-cg
              whistle dept gs return intake-1-2-gs --reason "property pipe" --suggest wy
            """)

    enum Verb: String, ExpressibleByArgument, CaseIterable { case listen, ack, progress, complete, `return` }

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "Department code (cg, pcs, wy …).") var department: String
    @Argument(help: "listen | ack | progress | complete | return") var verb: Verb
    @Argument(help: "Task id (not for listen).") var task: String?
    @Option(help: "A note for the record.") var note: String?
    @Option(help: "Why the task is returned (return only).") var reason: String?
    @Option(help: "Which department should have it (return only).") var suggest: String?
    @Option(help: "listen: stop after this many tasks.") var count: Int?

    func run() async throws {
        if verb == .listen {
            return try await TailCommand.tail(bus: suite.busSubscribe, prefix: "task.\(department).", count: count)
        }
        guard let task else { throw ValidationError("'\(verb.rawValue)' needs a task id") }
        var body: [String: String] = ["department": department, "task": task,
                                      "action": verb == .ack ? "acknowledge" : verb.rawValue]
        body["note"] = note
        body["reason"] = reason
        body["suggest"] = suggest
        try Requests.report(try await Requests.ask(suite.commands, try JSONSerialization.data(withJSONObject: body)))
    }
}
