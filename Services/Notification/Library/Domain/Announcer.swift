public import CityModel
public import Contracts
import Mustache
import Timekeeping

/// What a notice is about: a case, a community's proposal (协商议事), or — a digest — the recipient's open items.
public enum NoticeSubject: Sendable, Equatable {
    case `case`(String)
    case proposal(String)
    case digest

    public var caseID: String? { if case .case(let id) = self { id } else { nil } }
    public var proposal: String? { if case .proposal(let id) = self { id } else { nil } }
}

/// Something a resident must be told, in their words.
public struct Notice: Sendable, Equatable {
    public var kind: NotificationKind
    public var recipient: String
    public var subject: NoticeSubject
    public var text: String

    public init(kind: NotificationKind, recipient: String, subject: NoticeSubject, text: String) {
        (self.kind, self.recipient, self.subject, self.text) = (kind, recipient, subject, text)
    }

    public var caseID: String? { subject.caseID }
}

/// What a resident hears, and when. The reporter of a case hears that it was received; who has it (the
/// grid's worker, the community office, the departments summoned — and the new department when the lead
/// task is reassigned); that it went up the ladder; that the lead department reported for duty, returned
/// it, or finished and the work is being checked; that it was settled and may be rated; that a rating
/// reopened it for rework; and how it closed. A disputant hears that the dispute went to mediation, who
/// mediates, and how it ended. Reminders, overdue stages, supervision orders, assistants' steps and
/// progress notes are the offices' business and say nothing to residents. One template per kind, in the
/// residents' language.
public struct Announcer: Sendable {
    static let templates: [NotificationKind: String] = [
        .received: "您报告的{{categoryName}}问题已受理，案件编号 {{case}}。",
        .linked: "您报告的{{categoryName}}问题附近已有相同案件 {{case}} 正在处理，您的报告已并入该案件，后续进展会同步告知您。",
        .assigned: "您的案件 {{case}} 已交由{{holder}}处理。",
        .escalated: "您的案件 {{case}} 已上报{{office}}处理。",
        .dispatched: "您的案件 {{case}} 已派发给{{departments}}处理。",
        .reassigned: "您的案件 {{case}} 已改派给{{department}}处理。",
        .acknowledged: "{{department}}已报到，正在处理您的案件 {{case}}。",
        .completed: "{{department}}已办结您的案件 {{case}}，正在核查处理结果。",
        .resolved: "您的案件 {{case}} 已由{{holder}}处理完毕，请评价：满意 / 基本满意 / 不满意，问题是否解决。",
        .verified: "您的案件 {{case}} 已办结并经核查，请评价：满意 / 基本满意 / 不满意，问题是否解决。",
        .reopened: "您的案件 {{case}} 已退回{{holder}}返工处理（第 {{round}} 轮）。",
        .closed: "您的案件 {{case}} 已结案{{outcome}}。",
        .returned: "您的案件 {{case}} 需要重新派发，我们会尽快安排。",
        .referred: "您反映的纠纷 {{case}} 已转交调解。",
        .mediation: "调解员 {{mediator}} 将联系您调解纠纷 {{case}}。",
        .mediated: "您反映的纠纷 {{case}} 已调解成功，达成调解协议。",
        .mediationFailed: "您反映的纠纷 {{case}} 调解未能达成协议{{referral}}。",
        .mediationAccepted: "纠纷 {{case}} 已受理调解。人民调解不收费；您可以要求调解员回避，也可以拒绝调解。",
        .mediationSession: "纠纷 {{case}} 的调解定于 {{time}} 在{{place}}进行{{public}}，请按时参加。",
        .agreementInEffect: "纠纷 {{case}} 的调解协议已生效，请按约履行。双方可在 {{until}} 前共同向人民法院申请司法确认。",
        .mediationReopened: "纠纷 {{case}} 的调解协议未履行，已重新调解。",
        .confirmationWindowClosing: "纠纷 {{case}} 的调解协议申请司法确认的期限将于 {{until}} 届满；如需申请，请双方在此之前共同向人民法院提出。",
        .voteOpened: "{{place}}就“{{question}}”征求各户意见（{{proposal}}），{{rule}}。请于 {{closes}} 前代表本户投票：{{ballot}}。",
        .voteDecided: "“{{question}}”（{{proposal}}）投票已结束，{{result}}：参与表决 {{participants}}/{{households}} 户、专有面积 {{participatingArea}}/{{area}} 平方米；{{counts}}。",
        .proposalCompleted: "“{{question}}”（{{proposal}}）已实施完毕，请评价实施结果：满意 / 基本满意 / 不满意。",
        .proposalPublished: "“{{question}}”（{{proposal}}）的{{publication}}已公开{{satisfaction}}。",
    ]
    static let referrals: [Referral: String] = [.court: "，可依法向人民法院起诉", .arbitration: "，可申请仲裁", .petition: "，可向信访部门反映",
                                                .police: "，已移交公安机关依法处理"]
    static let closures: [Closure: String] = [.rated: "，感谢您的评价", .unrated: "（评价期已过，未评价）", .unfixable: "，暂时无法解决，已挂账", .invalid: "，经核查为无效案件",
                                                .mediated: "，调解协议已履行"]

    static let rules: [VotingRule: String] = [
        .majority: "过半数住户同意即通过",
        .doubleMajority: "须专有部分面积和户数均三分之二以上参与表决，并经参与表决的面积和户数均过半数同意",
        .doubleThreeQuarters: "须专有部分面积和户数均三分之二以上参与表决，并经参与表决的面积和户数均四分之三以上同意",
    ]

    let library: [NotificationKind: MustacheTemplate]
    let city: City

    public init(city: City) throws {
        self.city = city
        library = try Announcer.templates.merging(Announcer.taskTemplates) { resident, _ in resident }.mapValues { try MustacheTemplate(string: $0) }
    }

    public func notice(for report: CaseReported) -> Notice? {
        notice(.received, to: report.reporter, report.caseID, ["categoryName": report.categoryName])
    }

    public func notice(for followed: CaseFollowed) -> Notice? {
        let name = city.category(followed.category)?.name ?? followed.category
        return notice(.linked, to: followed.reporter, followed.caseID, ["categoryName": name])
    }

    public func notice(for step: CaseAssigned) -> Notice? {
        notice(.assigned, to: step.reporter, step.caseID, ["holder": step.holder.name])
    }

    public func notice(for step: CaseEscalated) -> Notice? {
        guard step.to > step.from else { return nil }
        let office = city.holder(of: step.to, at: step.location)?.name ?? step.to.rawValue
        return notice(.escalated, to: step.reporter, step.caseID, ["office": office])
    }

    public func notice(for step: CaseDispatched) -> Notice? {
        notice(.dispatched, to: step.reporter, step.caseID, ["departments": step.departments.map(city.departmentName).joined(separator: "、")])
    }

    public func notice(for step: CaseReassigned) -> Notice? {
        guard step.role == .lead else { return nil }
        return notice(.reassigned, to: step.reporter, step.caseID, ["department": city.departmentName(step.department)])
    }

    /// The lead's report for duty and return; the case's completion (every department done), whoever finished last.
    public func notice(for step: CaseTaskStepped) -> Notice? {
        let kind: NotificationKind
        switch (step.step, step.role) {
        case (.completed, _) where step.status == .completed: kind = .completed
        case (.acknowledged, .lead): kind = .acknowledged
        case (.returned, .lead): kind = .returned
        default: return nil
        }
        return notice(kind, to: step.reporter, step.caseID, ["department": city.departmentName(step.department)])
    }

    public func notice(for step: CaseResolved) -> Notice? {
        notice(.resolved, to: step.reporter, step.caseID, ["holder": city.staff(step.by)?.person.name ?? step.by])
    }

    public func notice(for step: CaseVerified) -> Notice? { notice(.verified, to: step.reporter, step.caseID, [:]) }

    public func notice(for step: CaseReopened) -> Notice? {
        let rung = HandlingLevel(rawValue: step.department)
        let holder = rung.flatMap { city.holder(of: $0, at: step.location)?.name } ?? city.departmentName(step.department)
        return notice(.reopened, to: step.reporter, step.caseID, ["holder": holder, "round": String(step.round)])
    }

    public func notice(for step: CaseClosed) -> Notice? {
        let reason = step.reason.map { "：\($0)" } ?? ""
        return notice(.closed, to: step.reporter, step.caseID, ["outcome": (Announcer.closures[step.outcome] ?? "") + (step.outcome == .rated ? "" : reason)])
    }

    public func notice(for step: CaseReferred) -> Notice? { notice(.referred, to: step.reporter, step.caseID, [:]) }

    public func notice(for step: CaseMediating) -> Notice? {
        notice(.mediation, to: step.reporter, step.caseID, ["mediator": step.mediator.name])
    }

    public func notice(for step: CaseMediationEnded) -> Notice? {
        notice(step.outcome == .agreed ? .mediated : .mediationFailed, to: step.reporter, step.caseID,
               ["referral": step.referral.flatMap { Announcer.referrals[$0] } ?? ""])
    }

    /// The steps a disputant hears between the mediation's opening and end — the reporter, and every party who uses the
    /// resident app (`residents`), each once: accepted (with their rights), a session (when, on the city's clock, and
    /// where), the agreement in effect (and the judicial-confirmation window), the window closing within a week with no
    /// application yet, a broken agreement reopened. Drafts,
    /// signatures, minutes and visits happen in their presence and say nothing.
    public func notices(for step: CaseMediationProgressed) -> [Notice] {
        let calendar = city.calendar
        let (kind, context): (NotificationKind, [String: String])
        switch step.step {
        case .accepted: (kind, context) = (.mediationAccepted, [:])
        case .scheduled:
            guard let session = step.session else { return [] }
            (kind, context) = (.mediationSession, ["time": calendar.localTime(session.at), "place": session.place, "public": session.public ? "（公开调解）" : ""])
        case .sealed: (kind, context) = (.agreementInEffect, ["until": step.dueAt.map(calendar.localTime) ?? ""])
        case .reopened: (kind, context) = (.mediationReopened, [:])
        case .confirmationReminded: (kind, context) = (.confirmationWindowClosing, ["until": step.dueAt.map(calendar.localTime) ?? ""])
        default: return []
        }
        var disputants = step.reporter.map { [$0] } ?? []
        for resident in step.detail.residents ?? [] where !disputants.contains(resident) { disputants.append(resident) }
        return disputants.compactMap { notice(kind, to: $0, step.caseID, context) }
    }

    private func notice(_ kind: NotificationKind, to recipient: String?, _ caseID: String, _ context: [String: String]) -> Notice? {
        guard let recipient, let template = library[kind] else { return nil }
        return Notice(kind: kind, recipient: recipient, subject: .case(caseID), text: template.render(context.merging(["case": caseID]) { $1 }))
    }

    /// `kind`'s text about a proposal, to each of `audience` (in order).
    func notices(_ kind: NotificationKind, to audience: [String], proposal: String, _ context: [String: String]) -> [Notice] {
        guard let template = library[kind] else { return [] }
        let text = template.render(context.merging(["proposal": proposal]) { $1 })
        return audience.map { Notice(kind: kind, recipient: $0, subject: .proposal(proposal), text: text) }
    }
}
