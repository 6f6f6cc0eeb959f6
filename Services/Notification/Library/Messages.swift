import CityModel
import Messaging
import Mustache

/// What a resident is told, and when: one template per kind of step, in the residents' language.
struct Messages: Sendable {
    static let templates: [String: String] = [
        "received": "您报告的{{categoryName}}问题已受理，案件编号 {{case}}。",
        "dispatched": "您的案件 {{case}} 已派发给{{departments}}处理。",
        "acknowledged": "{{department}}已报到，正在处理您的案件 {{case}}。",
        "completed": "您的案件 {{case}} 已办结，请对处理结果进行评价（满意 / 基本满意 / 不满意）。",
        "returned": "您的案件 {{case}} 需要重新派发，我们会尽快安排。",
        "referred": "您反映的纠纷 {{case}} 已转交调解。",
        "mediation": "调解员 {{mediator}} 将联系您调解纠纷 {{case}}。",
    ]

    let library: [String: MustacheTemplate]
    let city: City

    init(city: City) throws {
        self.city = city
        var library: [String: MustacheTemplate] = [:]
        for (kind, text) in Messages.templates { library[kind] = try MustacheTemplate(string: text) }
        self.library = library
    }

    /// The message an event means for its reporter, if any: (kind, resident id, text).
    func message(for event: CloudEvent) -> (kind: String, resident: String, text: String)? {
        guard case .object(let data)? = event.data, let resident = data["reporter"]?.stringValue,
              let caseID = data["case"]?.stringValue else { return nil }
        let lead = data["role"]?.stringValue.map { $0 == "lead" } ?? true
        let kind: String
        switch event.type {
        case "whistle.case.reported": kind = "received"
        case "whistle.case.dispatched": kind = "dispatched"
        case "whistle.case.acknowledged" where lead: kind = "acknowledged"
        case "whistle.case.completed" where lead: kind = "completed"
        case "whistle.case.returned" where lead: kind = "returned"
        case "whistle.case.referred": kind = "referred"
        case "whistle.mediation.opened": kind = "mediation"
        default: return nil
        }
        var context: [String: Any] = ["case": caseID, "categoryName": data["categoryName"]?.stringValue ?? ""]
        context["department"] = data["department"]?.stringValue.map(departmentName)
        if case .array(let codes)? = data["departments"] {
            context["departments"] = codes.compactMap(\.stringValue).map(departmentName).joined(separator: "、")
        }
        context["mediator"] = data["mediator"]?["name"]?.stringValue
        guard let template = library[kind] else { return nil }
        return (kind, resident, template.render(context))
    }

    private func departmentName(_ code: String) -> String {
        city.departments.first { $0.code == code }?.name ?? code
    }
}
