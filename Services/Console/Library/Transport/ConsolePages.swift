import CityModel
import Contracts
import Envelope
import Foundation
import Mustache
import Timekeeping
import WhistleConsoleDomain

/// The console's pages, rendered from their templates in the viewer's language with times in the city's zone.
struct ConsolePages: Sendable {
    let city: City
    private static let library: [String: MustacheTemplate] = {
        var templates: [String: MustacheTemplate] = [:]
        for (name, source) in [("layout", layout), ("map", map), ("cases", cases), ("case", casePage), ("signin", signIn), ("problem", problem),
                               ("overdue", overdue), ("evaluation", evaluation), ("evaluationRow", evaluationRow), ("password", password),
                               ("mediation", mediation), ("deliberation", deliberation), ("proposal", proposal), ("devices", devices)] {
            do { templates[name] = try MustacheTemplate(string: source) } catch { preconditionFailure("the console's \(name) template does not parse: \(error)") }
        }
        return templates
    }()

    /// A template of the library rendered on its own (a part the page writes more than once).
    static func render(_ name: String, _ context: [String: Any]) -> String { library[name]!.render(context) }

    /// What every page knows: the language and who is signed in.
    struct Frame {
        var language: String
        var session: ConsoleSession?
        /// The page's own address: its title, and what its script fetches again.
        var address: String
        /// What the last action came to, shown above the page (outside what the live updates replace).
        var answer: (ok: Bool, text: String)? = nil
        /// Seconds between the page's fetches of itself besides the live changes (a vote's tally, which no event tells).
        var poll: Int? = nil
    }

    /// A whole document, or only its `<main>` when the page's script asks for the fragment.
    func document(_ name: String, _ context: [String: Any], frame: Frame, live: Bool, fragmentOnly: Bool) -> String {
        let labels = ConsoleLabels.table(frame.language)
        var context = context
        context["t"] = labels
        let main = Self.library[name]!.render(context)
        if fragmentOnly { return main }
        var outer: [String: Any] = ["t": labels, "lang": frame.language, "page": frame.address, "main": main, "live": live ? "1" : "0",
                                    "poll": frame.poll.map(String.init) ?? ""]
        if let session = frame.session {
            var who: [String: Any] = ["identity": session.identity, "csrf": session.csrf]
            if let account = session.account { who["account"] = account }
            outer["session"] = who
        }
        if let answer = frame.answer { outer["answer"] = ["ok": answer.ok, "text": answer.text] }
        return Self.library["layout"]!.render(outer)
    }

    /// The map: its grids written here rather than by the template (a city of 5,000 grids is 5,000 of them).
    func mapContext(_ map: CityMap, language: String) -> [String: Any] {
        let labels = ConsoleLabels.table(language)
        let (worker, open) = (Self.escaped(labels["worker"] ?? ""), Self.escaped(labels["openCases"] ?? ""))
        var svg = ""
        svg.reserveCapacity(map.grids.count * 400)
        for grid in map.grids {
            let (code, shade) = (Self.escaped(grid.code), grid.light?.rawValue ?? "none")
            svg += "<a href=\"/cases?area=\(code)\" class=\"grid\" data-grid=\"\(code)\" data-open=\"\(grid.openCases)\" data-light=\"\(shade)\">"
            svg += "<polygon class=\"shade-\(shade)\" points=\"\(grid.points)\"><title>\(Self.escaped(grid.name)) · \(Self.escaped(grid.community)) · "
            svg += "\(Self.escaped(grid.street)) · \(worker) \(Self.escaped(grid.worker)) · \(grid.openCases) \(open)</title></polygon>"
            svg += "<text x=\"\(CityMap.tenths(grid.labelX))\" y=\"\(CityMap.tenths(grid.labelY))\">\(code)\(grid.openCases > 0 ? " (\(grid.openCases))" : "")</text>"
            svg += Self.markers(grid, labels: labels) + "</a>\n"
        }
        return ["width": map.width + 20, "height": map.height + 20, "totalOpen": map.grids.map(\.openCases).reduce(0, +), "grids": svg]
    }

    /// A grid's markers under its label: a red one for its sensors' and gates' alarms, a blue one for welfare checks, a grey
    /// one for silent devices — each with its count, and the grid's `<a>` says them in `data-alarms` and the rest.
    static func markers(_ grid: CityMap.Grid, labels: [String: String]) -> String {
        var (svg, x) = ("", grid.labelX - 16)
        for (kind, label, count) in [("alarm", "markerAlarm", grid.alarms), ("welfare", "markerWelfare", grid.welfare),
                                     ("maintenance", "markerMaintenance", grid.maintenance)] where count > 0 {
            svg += "<g class=\"marker \(kind)\" data-marker=\"\(kind)\" data-count=\"\(count)\"><circle cx=\"\(CityMap.tenths(x))\" cy=\"\(CityMap.tenths(grid.labelY + 18))\" r=\"7\"/>"
            svg += "<title>\(escaped(labels[label] ?? kind)): \(count)</title></g>"
            x += 16
        }
        return svg
    }

    /// Text made safe for HTML and its attributes, as the templates' `{{…}}` make it.
    static func escaped(_ text: String) -> String {
        guard text.contains(where: { "&<>\"'".contains($0) }) else { return text }
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    func casesContext(_ rows: [BoardCase], query: [String: String], error: String?, language: String) -> [String: Any] {
        let labels = ConsoleLabels.table(language)
        func choices(_ values: [String], _ key: String) -> [[String: Any]] { values.map { ["value": $0, "selected": query[key] == $0] } }
        var context: [String: Any] = [
            "count": rows.count,
            "filter": ["area": query["area"] ?? "", "all": query["open"] == "all"],
            "categories": city.categories.map { ["code": $0.code, "name": language == "en" ? ($0.english ?? $0.name) : $0.name, "selected": query["category"] == $0.code] },
            "departments": city.departments.map { ["code": $0.code, "name": language == "en" ? ($0.english ?? $0.name) : $0.name, "selected": query["department"] == $0.code] },
            "levels": choices(HandlingLevel.allowedValues, "level"), "lights": choices(Light.allCases.map(\.rawValue), "light"),
            "statuses": choices(CaseStatus.allowedValues, "status"),
            "rows": rows.map { row -> [String: Any] in
                ["caseID": row.caseID, "categoryName": row.categoryName, "grid": row.grid, "level": row.level.rawValue, "status": row.status.rawValue,
                 "light": row.light.rawValue, "lightLabel": labels[row.light.rawValue] ?? row.light.rawValue, "updated": city.calendar.localTime(row.updatedAt)]
            },
        ]
        if let error { context["error"] = error }
        return context
    }

    func caseContext(_ row: BoardCase, steps: [BoardStep], tasks: [BoardTask], audit: [AuditEntry], language: String,
                     taskActions: (BoardTask) -> [TaskAction] = { _ in [] }, csrf: String = "") -> [String: Any] {
        let labels = ConsoleLabels.table(language)
        let page = UUID().uuidString.lowercased().prefix(13)
        func taskForm(_ task: BoardTask) -> [String: Any] {
            var context = taskRow(task, labels: labels)
            let offered = taskActions(task)
            guard !offered.isEmpty else { return context }
            context["act"] = ["csrf": csrf, "command": "console-\(page)-\(task.taskID)", "order": task.order ?? "",
                              "actions": offered.map { ["value": $0.rawValue, "label": labels["task-" + $0.rawValue] ?? $0.rawValue] }]
            return context
        }
        return [
            "caseID": row.caseID, "categoryName": row.categoryName, "grid": row.grid, "community": row.community, "street": row.street,
            "level": row.level.rawValue, "status": row.status.rawValue, "light": row.light.rawValue, "lightLabel": labels[row.light.rawValue] ?? "",
            "holders": row.holders.joined(separator: ", "), "reported": city.calendar.localTime(row.reportedAt), "description": row.description,
            "steps": steps.map { step -> [String: Any] in
                ["at": city.calendar.localTime(step.at), "action": step.action, "status": step.status?.rawValue ?? "", "by": step.by ?? "", "note": step.note ?? ""]
            },
            "tasks": tasks.map(taskForm), "hasTasks": !tasks.isEmpty, "hasAudit": !audit.isEmpty,
            "audit": audit.map { ["at": city.calendar.localTime($0.at), "identity": $0.identity, "account": $0.account ?? "", "action": $0.action,
                                  "status": $0.status, "error": $0.error ?? "", "message": $0.message ?? ""] },
        ]
    }

    func taskRow(_ task: BoardTask, labels: [String: String]) -> [String: Any] {
        ["task": task.taskID, "caseID": task.caseID, "department": task.department, "holder": task.holder, "role": task.role.rawValue,
         "state": task.state.rawValue, "light": task.light.rawValue, "lightLabel": labels[task.light.rawValue] ?? "", "grid": task.grid,
         "handleBy": city.calendar.localTime(task.handleBy), "order": task.order ?? "",
         "orderState": task.order == nil ? "" : (task.orderAnswered ? (labels["answered"] ?? "") : (labels["awaiting"] ?? "")),
         "answerBy": task.answerBy.map(city.calendar.localTime) ?? ""]
    }

    /// The forms of the actions offered, each with an id of its own chosen now: sending a form twice sends the same command.
    func actionsContext(_ offered: [StaffAction], caseID: String, csrf: String, tasks: [BoardTask]) -> [String: Any] {
        let page = UUID().uuidString.lowercased().prefix(13)
        var context: [String: Any] = ["caseID": caseID, "csrf": csrf, "departments": city.departments.map { ["code": $0.code, "name": $0.name] },
                                      "tasks": tasks.filter(\.isOpen).map { ["task": $0.taskID, "department": $0.department] }]
        // Reassign moves a department's open task; triage decides on one a department returned — each only when there is one.
        let codes = Set(city.departments.map(\.code))
        let departmentTasks = tasks.filter { $0.isOpen && $0.state != .returned && codes.contains($0.department) }
        let returned = tasks.filter { $0.state == .returned }
        context["departmentTasks"] = departmentTasks.map { ["task": $0.taskID, "department": $0.department] }
        context["returned"] = returned.map { ["task": $0.taskID, "department": $0.department] }
        for action in offered where (action != .reassign || !departmentTasks.isEmpty) && (action != .triage || !returned.isEmpty) {
            context[action.rawValue] = ["command": "console-\(page)-\(action.rawValue)"]
        }
        return context
    }

    func overdueContext(_ tasks: [BoardTask], csrf: String, supervising: [String: Bool], language: String) -> [String: Any] {
        let labels = ConsoleLabels.table(language)
        let page = UUID().uuidString.lowercased().prefix(13)
        return ["count": tasks.count, "tasks": tasks.map { task -> [String: Any] in
            var row = taskRow(task, labels: labels)
            if supervising[task.caseID] == true {
                row["supervise"] = ["csrf": csrf, "command": "console-\(page)-supervise-\(task.taskID)"]
            }
            return row
        }]
    }
}
