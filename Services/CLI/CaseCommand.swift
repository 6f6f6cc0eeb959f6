import ArgumentParser
import CityModel
import Contracts
import Envelope
import Foundation
import Timekeeping

struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Show a case as dispatch knows it: its rung, status, lights, tasks, supervision orders and history.",
        discussion: """
            Examples:
              whistle case intake-1-1              # JSON: docs/schemas/messages/case-view.json
              whistle case intake-1-1 --timeline   # the ladder as a timeline: every step, its rung, who and why
            With dispatch split by street, the case is read from the instance that holds it (docs/operations.md, Partitions).
            The timeline shows times on the city's clock with its offset (2026-11-26 14:47:51 +08:00); the JSON keeps
            RFC 3339 in UTC.
            """)

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "Case id, as intake answered it.") var id: String
    @Flag(help: "Print the case's ladder as a timeline instead of JSON.") var timeline = false

    func run() async throws {
        let path = "/cases/\(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? id)"
        let security = try suite.security(actingAs: "operator")
        let body = try await Requests.getFromFront("dispatch", path, what: "case '\(id)'", suite: suite, security: security, apiKey: try suite.apiKey(actingAs: "operator"))
        let view = try JSONValueDecoder().decode(CaseView.self, from: JSONValue.parse(body))
        if timeline {
            print(CaseTimeline(view, calendar: try suite.city().calendar).text, terminator: "")
        } else {
            print(String(decoding: try JSONValueEncoder().encode(view).jsonData(pretty: true), as: UTF8.self), terminator: "")
        }
    }
}

/// A case's ladder as lines of text: a heading, every step (time, rung, action, who, what), then the
/// tasks and supervision orders with their deadlines and lights — every time on the city's clock.
struct CaseTimeline {
    let view: CaseView
    let calendar: WorkCalendar

    init(_ view: CaseView, calendar: WorkCalendar) { (self.view, self.calendar) = (view, calendar) }

    var time: Clock { Clock(calendar: calendar) }

    /// Formats a moment as `calendar.localTime` does.
    struct Clock {
        let calendar: WorkCalendar
        func string(from date: Date) -> String { calendar.localTime(date) }
    }

    var text: String {
        var lines = ["\(view.caseID)  \(view.category)  \(view.street).\(view.community).\(view.grid)  \(view.status.rawValue) at the \(view.level.rawValue) rung"
            + "  light \(view.light.rawValue)  round \(view.round)" + (view.closure.map { "  closed: \($0.rawValue)" } ?? "")]
        lines.append("")
        for entry in view.history {
            let who = entry.by ?? entry.department ?? ""
            let what = [entry.department.map { $0 == who ? "" : $0 } ?? "", entry.task ?? "", entry.note ?? ""].filter { !$0.isEmpty }
            lines.append(pad(String(entry.step), 3) + "  " + time.string(from: entry.at) + "  " + pad(entry.level?.rawValue ?? "", 9)
                         + "  " + pad(entry.action, 20) + "  " + pad(who, 10) + "  " + what.joined(separator: "  "))
        }
        if !view.tasks.isEmpty { lines += ["", "tasks:"] }
        for task in view.tasks {
            let acknowledge = task.acknowledgeBy.map { "  report by " + time.string(from: $0) } ?? ""
            lines.append("  " + pad(task.task, 24) + "  " + pad("\(task.department) \(task.role.rawValue)", 14) + "  " + pad(task.state.rawValue, 12)
                         + acknowledge + "  finish by " + time.string(from: task.handleBy) + (task.light.map { "  \($0.rawValue)" } ?? ""))
        }
        if !view.orders.isEmpty { lines += ["", "supervision orders (督办):"] }
        for order in view.orders {
            let state = order.answer.map { "answered: \($0)" } ?? (order.overdue ? "OVERDUE" : "open")
            lines.append("  " + pad(order.order, 24) + "  " + pad(order.department, 6) + "  answer by " + time.string(from: order.answerBy)
                         + "  " + state + (order.light.map { "  \($0.rawValue)" } ?? ""))
        }
        if let rating = view.rating {
            lines += ["", "rating (round \(rating.round)): \(rating.satisfaction.rawValue), \(rating.solved.rawValue)" + (rating.comment.map { " — \($0)" } ?? "")]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
}
