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
/// holder they answer for — red, then yellow, then green, each by task, case, what and deadline on the city's clock.
/// A period's digest is caused by `digest#<recipient>@<period end>`, so it is made once however often it is fired; after
/// a restart that missed periods, one digest goes for them, as things stand, and the next is the period after now.
public enum DigestDesk {
    /// Items listed per light at most; the rest are counted.
    static let listed = 30

    /// Whose open items `recipient` hears of: a duty officer their department's, a grid worker (any staff member) or a
    /// department its own; nil for anyone else (a resident).
    public static func holder(of recipient: String, city: City) -> String? {
        if let department = city.departments.first(where: { $0.duty?.contains { $0.id == recipient } ?? false }) { return department.code }
        if city.staff(recipient) != nil || city.departments.contains(where: { $0.code == recipient }) { return recipient }
        return nil
    }

    public static func digest(_ due: DigestDue, items: [OpenItem], addresses: Addressbook, preferences: Preferences,
                              calendar: WorkCalendar, now: Date) -> DigestDecision {
        let notice = Notice(kind: .digest, recipient: due.recipient, subject: .digest, text: text(items, at: now, calendar: calendar))
        let event = "digest#\(due.recipient)@\(Int(due.dueAt.timeIntervalSince1970))"
        let deliveries = DeliveryDesk.deliveries(of: notice, followers: [], addresses: addresses, preferences: [due.recipient: preferences],
                                                 utcOffset: calendar.utcOffset, critical: false, event: event, now: now)
        return DigestDecision(recipient: due.recipient, deliveries: deliveries, nextAt: due.schedule.periodEnd(after: now, utcOffset: calendar.utcOffset))
    }

    /// `待办汇总（截至 …）：共 3 件，红灯 1 件，黄灯 1 件。` then a line per item, red first, each light's oldest deadline first.
    public static func text(_ items: [OpenItem], at now: Date, calendar: WorkCalendar) -> String {
        let byLight = Dictionary(grouping: items, by: \.light)
        let (red, yellow) = (byLight[.red]?.count ?? 0, byLight[.yellow]?.count ?? 0)
        var lines = ["待办汇总（截至 \(calendar.localTime(now))）：" + (items.isEmpty ? "没有待办事项。" : "共 \(items.count) 件，红灯 \(red) 件，黄灯 \(yellow) 件。")]
        for light in [TrafficLight.red, .yellow, .green] {
            let these = (byLight[light] ?? []).sorted { ($0.dueAt, $0.task) < ($1.dueAt, $1.task) }
            for item in these.prefix(listed) { lines.append(line(item, calendar: calendar)) }
            if these.count > listed { lines.append("\(names[light]!)另有 \(these.count - listed) 件。") }
        }
        return lines.joined(separator: "\n")
    }

    static let names: [TrafficLight: String] = [.red: "红灯", .yellow: "黄灯", .green: "绿灯"]

    static func line(_ item: OpenItem, calendar: WorkCalendar) -> String {
        let stage = Announcer.stages[item.stage] ?? ""
        let due = item.light == .red ? "\(stage)已于 \(calendar.localTime(item.dueAt)) 超时" : "请于 \(calendar.localTime(item.dueAt)) 前\(stage)"
        return "\(names[item.light]!)：任务 \(item.task)（案件 \(item.caseID)\(item.what.isEmpty ? "" : "，" + item.what)）\(due)"
    }
}
