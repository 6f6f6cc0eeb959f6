public import CityModel
public import Contracts
import Timekeeping

/// What a notice is about: a case, a community's proposal (协商议事), or — a digest — the recipient's open items.
public enum NoticeSubject: Sendable, Equatable {
    case `case`(String)
    case proposal(String)
    case digest

    public var caseID: String? { if case .case(let id) = self { id } else { nil } }
    public var proposal: String? { if case .proposal(let id) = self { id } else { nil } }
}

/// Something someone must be told, in their words: its text in each language on each channel (an operator's template may
/// differ per channel), `text` the Chinese inbox's.
public struct Notice: Sendable, Equatable {
    public var kind: NotificationKind
    public var recipient: String
    public var subject: NoticeSubject
    public var texts: [Language: [DeliveryChannel: String]]

    public init(kind: NotificationKind, recipient: String, subject: NoticeSubject, texts: [Language: [DeliveryChannel: String]]) {
        (self.kind, self.recipient, self.subject, self.texts) = (kind, recipient, subject, texts)
    }

    /// One text for every language and channel.
    public init(kind: NotificationKind, recipient: String, subject: NoticeSubject, text: String) {
        self.init(kind: kind, recipient: recipient, subject: subject, texts: [.zhCN: [.inbox: text]])
    }

    public var caseID: String? { subject.caseID }
    public var text: String { text(in: .zhCN, on: .inbox) }

    /// The text in `language` on `channel`: else the Chinese one on the channel, else the Chinese inbox's.
    public func text(in language: Language, on channel: DeliveryChannel) -> String {
        texts[language]?[channel] ?? texts[.zhCN]?[channel] ?? texts[.zhCN]?[.inbox] ?? ""
    }
}

/// What a resident hears, and when. The reporter of a case hears that it was received; who has it (the
/// grid's worker, the community office, the departments summoned — and the new department when the lead
/// task is reassigned); that it went up the ladder; that the lead department reported for duty, returned
/// it, or finished and the work is being checked; that it was settled and may be rated; that a rating
/// reopened it for rework; and how it closed. A disputant hears that the dispute went to mediation, who
/// mediates, and how it ended. Reminders, overdue stages, supervision orders, assistants' steps and
/// progress notes are the offices' business and say nothing to residents. Each notice is written in every language on
/// every channel from the `TemplateBook`, its variables in that language's `Phrases`.
public struct Announcer: Sendable {
    let book: TemplateBook
    let city: City

    public init(city: City, book: TemplateBook) {
        (self.city, self.book) = (city, book)
    }

    public func notice(for report: CaseReported) -> Notice? {
        notice(.received, to: report.reporter, report.caseID) { ["categoryName": categoryName(report.category, report.categoryName, $0)] }
    }

    public func notice(for followed: CaseFollowed) -> Notice? {
        notice(.linked, to: followed.reporter, followed.caseID) { ["categoryName": categoryName(followed.category, nil, $0)] }
    }

    /// A category's name in the language's words: the city file's English name in English, when it gives one.
    func categoryName(_ code: String, _ name: String?, _ words: Phrases) -> String {
        let category = city.category(code)
        return (words.language == .en ? category?.english : nil) ?? name ?? category?.name ?? code
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
        return notice(.closed, to: step.reporter, step.caseID) { words in
            ["outcome": (words.closures[step.outcome] ?? "") + (step.outcome == .rated ? "" : step.reason.map(words.reason) ?? "")]
        }
    }

    public func notice(for step: CaseReferred) -> Notice? { notice(.referred, to: step.reporter, step.caseID, [:]) }

    public func notice(for step: CaseMediating) -> Notice? {
        notice(.mediation, to: step.reporter, step.caseID, ["mediator": step.mediator.name])
    }

    public func notice(for step: CaseMediationEnded) -> Notice? {
        notice(step.outcome == .agreed ? .mediated : .mediationFailed, to: step.reporter, step.caseID) { words in
            ["referral": step.referral.flatMap { words.referrals[$0] } ?? ""]
        }
    }

    /// The steps a disputant hears between the mediation's opening and end — the reporter, and every party who uses the
    /// resident app (`residents`), each once: accepted (with their rights), a session (when, on the city's clock, and
    /// where), the agreement in effect (and the judicial-confirmation window), the window closing within a week with no
    /// application yet, a broken agreement reopened. Drafts,
    /// signatures, minutes and visits happen in their presence and say nothing.
    public func notices(for step: CaseMediationProgressed) -> [Notice] {
        let calendar = city.calendar
        let (kind, context): (NotificationKind, @Sendable (Phrases) -> [String: String])
        switch step.step {
        case .accepted: (kind, context) = (.mediationAccepted, { _ in [:] })
        case .scheduled:
            guard let session = step.session else { return [] }
            let time = calendar.localTime(session.at)
            (kind, context) = (.mediationSession, { words in ["time": time, "place": session.place, "public": session.public ? words.publicSession : ""] })
        case .sealed, .confirmationReminded:
            let until = step.dueAt.map(calendar.localTime) ?? ""
            (kind, context) = (step.step == .sealed ? .agreementInEffect : .confirmationWindowClosing, { _ in ["until": until] })
        case .reopened: (kind, context) = (.mediationReopened, { _ in [:] })
        default: return []
        }
        var disputants = step.reporter.map { [$0] } ?? []
        for resident in step.detail.residents ?? [] where !disputants.contains(resident) { disputants.append(resident) }
        return disputants.compactMap { notice(kind, to: $0, step.caseID, context) }
    }

    /// A notice about a case whose variables are the same in every language.
    func notice(_ kind: NotificationKind, to recipient: String?, _ caseID: String, _ context: [String: String]) -> Notice? {
        notice(kind, to: recipient, caseID) { _ in context }
    }

    /// A notice about a case, its variables said in each language's words.
    func notice(_ kind: NotificationKind, to recipient: String?, _ caseID: String, _ context: (Phrases) -> [String: String]) -> Notice? {
        guard let recipient else { return nil }
        return Notice(kind: kind, recipient: recipient, subject: .case(caseID), texts: texts(kind, ["case": caseID], context))
    }

    /// `kind`'s text about a proposal, to each of `audience` (in order).
    func notices(_ kind: NotificationKind, to audience: [String], proposal: String, _ context: (Phrases) -> [String: String]) -> [Notice] {
        let texts = texts(kind, ["proposal": proposal], context)
        return audience.map { Notice(kind: kind, recipient: $0, subject: .proposal(proposal), texts: texts) }
    }

    /// The notice's text in every language on every channel.
    func texts(_ kind: NotificationKind, _ about: [String: String], _ context: (Phrases) -> [String: String]) -> [Language: [DeliveryChannel: String]] {
        book.texts(kind) { context($0).merging(about) { $1 } }
    }
}
