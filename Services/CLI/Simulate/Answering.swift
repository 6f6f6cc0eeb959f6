import Contracts
import Envelope
import Foundation
import Messaging

/// How the city's people answer what the suite gives them during a simulation, each with their own key, until the run
/// ends and everything heard by then is answered: departments acknowledge every task (报到), as their duty officers
/// would; grid workers settle 7 in 10 of the cases their grid is given (the 721 pattern's share) and the resident who
/// reported each settled case rates it through the resident app — satisfied, or basic and partly solved one time in
/// ten — which closes it.
enum Answering {
    static func run(_ watch: SimulationWatch, senders: Senders) async {
        var gridTasks = 0
        while true {
            let tasks = watch.takeTasks(), settling = watch.takeGridTasks()
            if tasks.isEmpty && settling.isEmpty {
                if senders.isEnding { return }
                try? await Task.sleep(for: .milliseconds(100))
            }
            for task in tasks {
                let command = DepartmentCommand(command: "sim-ack-\(task.task)", department: task.department, task: task.task,
                                                action: .acknowledge, note: "模拟到岗 (simulated)")
                let state = await send(command, as: task.department, to: task.holder, at: task.commands, senders)
                senders.answered(.acknowledged, state != nil)
            }
            for task in settling {
                defer { gridTasks += 1 }
                guard gridTasks % 10 < 7 else { continue }                   // the 1st–7th of every 10, in the order heard
                let resolve = StaffCommand(command: "sim-resolve-\(task.caseID)", staff: task.worker, caseID: task.caseID, action: .resolve,
                                           note: "模拟处置 (simulated)")
                let resolved = await send(resolve, as: task.worker, to: task.holder, at: task.commands, senders) == "resolved"
                senders.answered(.resolved, resolved)
                guard resolved, let reporter = task.reporter else { continue }
                let pleased = gridTasks % 10 != 3
                let rating = RatingCommand(command: "sim-rate-\(task.caseID)", reporter: reporter, caseID: task.caseID,
                                           satisfaction: pleased ? .satisfied : .basic, solved: pleased ? .solved : .partly)
                senders.answered(.rated, await send(rating, as: Senders.residentApp, to: task.holder, at: task.commands, senders) == "closed")
            }
        }
    }

    /// Sends `command` as `actor` to the instance `holder` and returns the state its answer names (nil: refused or no answer).
    private static func send(_ command: some Encodable, as actor: String, to holder: String, at address: String?, _ senders: Senders) async -> String? {
        guard let frame = try? JSONValueEncoder().encode(command).jsonData(),
              let reply = try? await senders.commands(actor, holder: holder, at: address).ask([frame]),
              let answer = try? JSONValue.parse(reply), answer["status"]?.stringValue == "ok" else { return nil }
        return answer["state"]?.stringValue ?? "ok"
    }
}
