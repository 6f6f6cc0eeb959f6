public import CityModel
public import Contracts
public import Foundation
public import Timekeeping

/// One digest falling due: to whom, on their schedule, about whose items.
public struct DigestDue: Sendable, Equatable {
    public var recipient: String
    public var schedule: DigestSchedule
    /// The period's end it was due at (it may go later, after a restart).
    public var dueAt: Date

    public init(recipient: String, schedule: DigestSchedule, dueAt: Date) { (self.recipient, self.schedule, self.dueAt) = (recipient, schedule, dueAt) }
}

/// What a digest falling due comes to: its deliveries (the inbox and each channel the recipient has) and when the next
/// one is due.
public struct DigestDecision: Sendable, Equatable {
    public var recipient: String
    public var deliveries: [Delivery]
    public var nextAt: Date
}

/// Digests: one message per period to a grid worker or a duty officer who chose one, listing the open items of the
/// holder they answer for — red, then yellow, then green, each by task, case, what and deadline on the city's clock, in
/// their language, from the `TemplateBook` (the `digest` kind).
/// A period's digest is caused by `digest#<recipient>@<period end>`, so it is made once however often it is fired; after
/// a restart that missed periods, one digest goes for them, as things stand, and the next is the period after now.
public enum DigestDesk {
    /// Items listed per light at most; the rest are counted.
    static let listed = 30

    /// Whose open items `recipient` hears of: a duty officer their department's, a grid worker (any staff member) or a
    /// department its own; nil for anyone else (a resident).
    public static func holder(of recipient: String, city: City) -> String? {
        if let department = city.department(ofDutyOfficer: recipient) { return department }
        if city.staff(recipient) != nil || city.departments.contains(where: { $0.code == recipient }) { return recipient }
        return nil
    }

    public static func digest(_ due: DigestDue, items: [OpenItem], addresses: Addressbook, preferences: Preferences, book: TemplateBook,
                              calendar: WorkCalendar, now: Date) -> DigestDecision {
        let notice = Notice(kind: .digest, recipient: due.recipient, subject: .digest, texts: texts(items, at: now, calendar: calendar, book: book))
        let event = "digest#\(due.recipient)@\(Int(due.dueAt.timeIntervalSince1970))"
        let deliveries = DeliveryDesk.deliveries(of: notice, followers: [], addresses: addresses, preferences: [due.recipient: preferences],
                                                 utcOffset: calendar.utcOffset, critical: false, event: event, now: now)
        return DigestDecision(recipient: due.recipient, deliveries: deliveries, nextAt: due.schedule.periodEnd(after: now, utcOffset: calendar.utcOffset))
    }

    /// The digest in every language on every channel.
    public static func texts(_ items: [OpenItem], at now: Date, calendar: WorkCalendar, book: TemplateBook) -> [Language: [DeliveryChannel: String]] {
        book.texts(.digest) { context(items, at: now, calendar: calendar, words: $0) }
    }

    /// A digest's variables: `time` (now, on the city's clock), `count`, `red`, `yellow`, and `items` — a line per task
    /// (each after a line break), red first, then yellow, then green, each light's earliest deadline first.
    static func context(_ items: [OpenItem], at now: Date, calendar: WorkCalendar, words: Phrases) -> [String: String] {
        let byLight = Dictionary(grouping: items, by: \.light)
        var lines: [String] = []
        for light in [TrafficLight.red, .yellow, .green] {
            let these = (byLight[light] ?? []).sorted { ($0.dueAt, $0.task) < ($1.dueAt, $1.task) }
            let name = words.lights[light] ?? light.rawValue
            for item in these.prefix(listed) {
                lines.append(words.item(name, item.task, item.caseID, item.what, words.stages[item.stage] ?? "", calendar.localTime(item.dueAt), light == .red))
            }
            if these.count > listed { lines.append(words.more(name, these.count - listed)) }
        }
        return ["time": calendar.localTime(now), "count": String(items.count), "red": String(byLight[.red]?.count ?? 0),
                "yellow": String(byLight[.yellow]?.count ?? 0), "items": lines.map { "\n" + $0 }.joined()]
    }
}
