import CityModel
import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import Testing
import Timekeeping
@testable import WhistleNotification
@testable import WhistleNotificationDomain

@Suite("Digests: one per period on the city's clock, listing the holder's open tasks, made once however often fired")
struct DigestTests {
    let city = try! City.demo()
    /// 2026-12-06 at `hour`:`minute` in Beijing, `day` days later.
    func local(_ hour: Int, _ minute: Int = 0, day: Int = 0) -> Date {
        Date(timeIntervalSince1970: 1_796_486_400 + TimeInterval(day * 86_400 + hour * 3_600 + minute * 60))
    }
    let beijing = 8 * 3_600

    @Test("periods start at `at` each day and follow every `every` seconds, the day's last cut short at the next day's `at`")
    func periods() {
        let hourly = DigestSchedule(every: 3_600)
        #expect(hourly.periodEnd(after: local(10, 20), utcOffset: beijing) == local(11))
        #expect(hourly.periodEnd(after: local(11), utcOffset: beijing) == local(12), "a period's end belongs to the next period")
        let morning = DigestSchedule(every: 86_400, at: "08:00")
        #expect(morning.periodEnd(after: local(7), utcOffset: beijing) == local(8))
        #expect(morning.periodEnd(after: local(8), utcOffset: beijing) == local(8, day: 1))
        #expect(morning.periodEnd(after: local(23), utcOffset: beijing) == local(8, day: 1))
        let sevenHours = DigestSchedule(every: 7 * 3_600, at: "08:00")
        let ends = sequence(first: local(8)) { sevenHours.periodEnd(after: $0, utcOffset: beijing) }.prefix(6).map { $0 }
        #expect(ends == [local(8), local(15), local(22), local(5, day: 1), local(8, day: 1), local(15, day: 1)])
        #expect(hourly.periodEnd(after: local(10, 20), utcOffset: 0) == local(11), "whole hours are whole hours on any clock")
        #expect(DigestSchedule(every: 86_400).periodEnd(after: local(10), utcOffset: 0) == local(8, day: 1), "midnight UTC is 08:00 in Beijing")
        for bad in [DigestSchedule(every: 5), DigestSchedule(every: 86_401), DigestSchedule(every: 3_600, at: "8:00"), DigestSchedule(every: 60, at: "24:00")] {
            #expect(bad.fault != nil, "\(bad)")
        }
        #expect(DigestSchedule(every: 10).fault == nil && DigestSchedule(every: 86_400, at: "23:59").fault == nil)
    }

    @Test("who chose a digest is pushed the digest and what is urgent only; a digest is for those who answer for tasks")
    func whoAndWhat() throws {
        let wanted = Preferences(digest: DigestSchedule(every: 3_600))
        #expect(!wanted.pushes(.taskAssigned, critical: false) && !wanted.pushes(.taskReminded, critical: false))
        #expect(wanted.pushes(.taskOverdue, critical: false) && wanted.pushes(.supervisionOrdered, critical: false) && wanted.pushes(.taskAssigned, critical: true))
        #expect(wanted.pushes(.digest, critical: false) && Preferences(mute: [.digest]).pushes(.digest, critical: false))
        #expect(DigestDesk.holder(of: "cg-day", city: city) == "cg" && DigestDesk.holder(of: "gw-g01", city: city) == "gw-g01")
        #expect(DigestDesk.holder(of: "cg", city: city) == "cg" && DigestDesk.holder(of: "co-c01", city: city) == "co-c01")
        #expect(DigestDesk.holder(of: "r-001", city: city) == nil)
        func prefer(_ recipient: String, _ digest: DigestSchedule) throws(Refused) -> PreferenceDecision {
            try PreferenceDesk.prefer(NotificationCommand(command: "p", action: .prefer, recipient: recipient, digest: digest), city: city, now: local(10, 20))
        }
        #expect(try prefer("cg-day", DigestSchedule(every: 86_400, at: "08:00")).nextDigestAt == local(8, day: 1))
        for (recipient, digest) in [("r-001", DigestSchedule(every: 3_600)), ("gw-g01", DigestSchedule(every: 9)), ("gw-g01", DigestSchedule(every: 3_600, at: "noon"))] {
            #expect { try prefer(recipient, digest) } throws: { ($0 as? Refused)?.reason == .invalidPreferences }
        }
    }

    @Test("the text: counts, then red, yellow, green — each light's earliest deadline first, on the city's clock — at most 30 a light")
    func text() throws {
        func item(_ task: String, _ light: TrafficLight, _ due: Date, _ stage: Stage = .handle) -> OpenItem {
            OpenItem(task: task, caseID: "c-\(task)", holder: "cg", what: "垃圾堆放，中山社区第1网格", light: light, stage: stage, dueAt: due, handleBy: due)
        }
        let items = [item("t-3", .green, local(17)), item("t-1", .yellow, local(12), .acknowledge), item("t-2", .red, local(9)), item("t-4", .green, local(11))]
        let book = try TemplateBook()
        func text(_ items: [OpenItem], _ language: Language = .zhCN) -> [String] {
            DigestDesk.texts(items, at: local(10, 20), calendar: city.calendar, book: book)[language]![.inbox]!.split(separator: "\n").map(String.init)
        }
        #expect(text(items) == [
            "待办汇总（截至 2026-12-06 10:20:00 +08:00）：共 4 件，红灯 1 件，黄灯 1 件。",
            "红灯：任务 t-2（案件 c-t-2，垃圾堆放，中山社区第1网格）办结已于 2026-12-06 09:00:00 +08:00 超时",
            "黄灯：任务 t-1（案件 c-t-1，垃圾堆放，中山社区第1网格）请于 2026-12-06 12:00:00 +08:00 前报到",
            "绿灯：任务 t-4（案件 c-t-4，垃圾堆放，中山社区第1网格）请于 2026-12-06 11:00:00 +08:00 前办结",
            "绿灯：任务 t-3（案件 c-t-3，垃圾堆放，中山社区第1网格）请于 2026-12-06 17:00:00 +08:00 前办结",
        ])
        #expect(text(items, .en)[0...1] == ["Open items at 2026-12-06 10:20:00 +08:00: 4, 1 red, 1 yellow.",
                                            "Red: task t-2 (case c-t-2, 垃圾堆放，中山社区第1网格) completion overdue since 2026-12-06 09:00:00 +08:00"])
        #expect(text([]) == ["待办汇总（截至 2026-12-06 10:20:00 +08:00）：共 0 件，红灯 0 件，黄灯 0 件。"])
        let many = (0..<33).map { item(String(format: "t-%02d", $0), .green, local(12)) }
        let long = text(many)
        #expect(long.count == 1 + 30 + 1 && long.last == "绿灯另有 3 件。")
    }

    @Test("the open tasks follow the events; a digest falling due is queued once with its next armed — fired again, nothing more")
    func firedOnce() throws {
        let store = try NotificationStore(.inMemory, name: "notification-1", logger: Logger(label: "test"))
        let report = CaseReported(caseID: "intake-1-7", category: "ljdf", categoryName: "垃圾堆放", priority: .normal, level: .grid, dispute: false,
                                  location: GridLocation(street: "s01", community: "c01", grid: "g01"), description: "d", origin: .resident,
                                  source: SourceEvent(source: "/t", id: "1", type: "whistle.report.resident"), reporter: "r-001")
        let task = TaskAssigned(report: report, task: "t-3", department: "cg", holder: "cg", kind: .department, role: .lead, level: .street,
                                acknowledgeBy: local(12), handleBy: local(18))
        var other = task
        (other.task, other.report.caseID) = ("t-9", "intake-1-9")
        let announcer = Announcer(city: city, book: try TemplateBook())
        try store.database.write { db in
            for change in [announcer.openItem(for: task), announcer.openItem(for: other), .stage(task: "t-3", .acknowledge, .yellow, dueAt: local(12)),
                           .close(task: "t-9")] {
                try store.record(db, change)
            }
        }
        #expect(try store.database.read { try store.openItems($0, of: "cg") }.map(\.task) == ["t-3"], "t-9 was returned")
        try store.database.write { db in
            // Sent back, t-9 is the department's again; it reports for duty. t-3's case closes.
            for change in [OpenItemChange.stage(task: "t-9", .acknowledge, .green, dueAt: local(13)), .reportedForDuty(task: "t-9"), .closeCase("intake-1-7"),
                           .stage(task: "t-3", .handle, .green, dueAt: local(20))] {
                try store.record(db, change)
            }
        }
        let open = try store.database.read { try store.openItems($0, of: "cg") }
        #expect(open.map { "\($0.task) \($0.light) \($0.stage)" } == ["t-9 green handle"] && open.first?.dueAt == local(18), "t-3's case closed for good; t-9 sent back, then on duty")
        #expect(open.first?.what == "垃圾堆放，中山社区第1网格")

        let book = Addressbook(webhooks: ["cg-day": "http://127.0.0.1:9/cg"])
        let decision = try PreferenceDesk.prefer(NotificationCommand(command: "p", action: .prefer, recipient: "cg-day", digest: DigestSchedule(every: 3_600)),
                                                 city: city, now: local(10, 20))
        try store.database.write { db in try store.record(db, decision, at: local(10, 20)) }
        let timers = DigestTimers(store: store, addresses: book, book: try TemplateBook(), city: city, bell: DeliveryBell())
        #expect(try timers.fire(now: local(10, 59), limit: 10) == 0, "not yet due")
        #expect(try timers.fire(now: local(11, 0, day: 0).addingTimeInterval(0.4), limit: 10) == 1)
        #expect(try timers.fire(now: local(11, 0).addingTimeInterval(0.9), limit: 10) == 0, "the next is armed for 12:00")
        #expect(try store.preferencesView(of: "cg-day", at: local(11, 1)).nextDigestAt == local(12))
        // Were the timer's update lost (as if fired twice), the period's digest is still made once: it is keyed by its period.
        try store.database.write { db in try db.execute(sql: "UPDATE notification_recipient SET digest_due = ?", arguments: [local(11).timeIntervalSince1970]) }
        #expect(try timers.fire(now: local(11, 2), limit: 10) == 1)
        let made = try store.deliveries(to: "cg-day")
        #expect(made.map(\.kind) == [.digest, .digest] && Set(made.map(\.channel)) == [.inbox, .webhook], "one digest per channel for the 11:00 period")
        let owed = try #require(try store.due(limit: 10, now: local(11, 2)).first)
        #expect(owed.caseID == nil && owed.proposal == nil && owed.text.contains("任务 t-9（案件 intake-1-9") && owed.eventID == "digest#cg-day@\(Int(local(11).timeIntervalSince1970))")
    }
}
