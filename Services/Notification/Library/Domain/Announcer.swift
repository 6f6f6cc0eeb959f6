public import CityModel
public import Contracts
import Mustache

/// Something a resident must be told, in their words.
public struct Notice: Sendable, Equatable {
    public var kind: NotificationKind
    public var recipient: String
    public var caseID: String
    public var text: String
}

/// What a resident hears, and when: the reporter of a case hears that it was received, dispatched (to
/// whom), that the lead department reported for duty, completed or returned it; a disputant hears that
/// the dispute went to mediation, who mediates, and how it ended. Assistants' steps and progress notes
/// say nothing to residents. One template per kind, in the residents' language.
public struct Announcer: Sendable {
    static let templates: [NotificationKind: String] = [
        .received: "您报告的{{categoryName}}问题已受理，案件编号 {{case}}。",
        .dispatched: "您的案件 {{case}} 已派发给{{departments}}处理。",
        .acknowledged: "{{department}}已报到，正在处理您的案件 {{case}}。",
        .completed: "您的案件 {{case}} 已办结，请对处理结果进行评价（满意 / 基本满意 / 不满意）。",
        .returned: "您的案件 {{case}} 需要重新派发，我们会尽快安排。",
        .referred: "您反映的纠纷 {{case}} 已转交调解。",
        .mediation: "调解员 {{mediator}} 将联系您调解纠纷 {{case}}。",
        .mediated: "您反映的纠纷 {{case}} 已调解成功，达成调解协议。",
        .mediationFailed: "您反映的纠纷 {{case}} 调解未能达成协议{{referral}}。",
    ]
    static let referrals: [Referral: String] = [.court: "，可依法向人民法院起诉", .arbitration: "，可申请仲裁", .petition: "，可向信访部门反映"]

    let library: [NotificationKind: MustacheTemplate]
    let city: City

    public init(city: City) throws {
        self.city = city
        library = try Announcer.templates.mapValues { try MustacheTemplate(string: $0) }
    }

    public func notice(for report: CaseReported) -> Notice? {
        notice(.received, to: report.reporter, report.caseID, ["categoryName": report.categoryName])
    }

    public func notice(for step: CaseDispatched) -> Notice? {
        notice(.dispatched, to: step.reporter, step.caseID, ["departments": step.departments.map(departmentName).joined(separator: "、")])
    }

    public func notice(for step: CaseTaskStepped) -> Notice? {
        guard step.role == .lead else { return nil }
        let kinds: [TaskStepAction: NotificationKind] = [.acknowledged: .acknowledged, .completed: .completed, .returned: .returned]
        guard let kind = kinds[step.step] else { return nil }
        return notice(kind, to: step.reporter, step.caseID, ["department": departmentName(step.department)])
    }

    public func notice(for step: CaseReferred) -> Notice? { notice(.referred, to: step.reporter, step.caseID, [:]) }

    public func notice(for step: CaseMediating) -> Notice? {
        notice(.mediation, to: step.reporter, step.caseID, ["mediator": step.mediator.name])
    }

    public func notice(for step: CaseMediationEnded) -> Notice? {
        notice(step.outcome == .agreed ? .mediated : .mediationFailed, to: step.reporter, step.caseID,
               ["referral": step.referral.flatMap { Announcer.referrals[$0] } ?? ""])
    }

    private func notice(_ kind: NotificationKind, to recipient: String?, _ caseID: String, _ context: [String: String]) -> Notice? {
        guard let recipient, let template = library[kind] else { return nil }
        return Notice(kind: kind, recipient: recipient, caseID: caseID, text: template.render(context.merging(["case": caseID]) { $1 }))
    }

    private func departmentName(_ code: String) -> String { city.departments.first { $0.code == code }?.name ?? code }
}
