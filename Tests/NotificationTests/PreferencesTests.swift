import CityModel
import Credentials
import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import Testing
@testable import WhistleNotification
@testable import WhistleNotificationDomain

@Suite("Preferences: quiet hours on the city's clock hold what is not urgent; muted kinds stay in the inbox")
struct PreferencesTests {
    let beijing = 8 * 3_600
    let demo = try! City.demo()
    /// 2026-12-`day` at `hour`:`minute` in Beijing (1_796_486_400 is 2026-12-06 00:00 there).
    func local(_ hour: Int, _ minute: Int = 0, day: Int = 6) -> Date {
        let seconds: Int = (day - 6) * 86_400 + hour * 3_600 + minute * 60
        return Date(timeIntervalSince1970: 1_796_486_400 + TimeInterval(seconds))
    }

    @Test("a window past midnight holds from its start to its end the next morning; a daytime window to its end; outside, nothing")
    func windows() {
        let night = QuietHours(from: "22:00", until: "07:00")
        #expect(night.end(containing: local(20, 26), utcOffset: beijing) == nil)
        #expect(night.end(containing: local(22, 0), utcOffset: beijing) == local(7, day: 7))
        #expect(night.end(containing: local(23, 59), utcOffset: beijing) == local(7, day: 7))
        #expect(night.end(containing: local(6, 59, day: 7), utcOffset: beijing) == local(7, day: 7))
        #expect(night.end(containing: local(7, 0, day: 7), utcOffset: beijing) == nil, "until is not in the window")
        let day = QuietHours(from: "09:00", until: "17:30")
        #expect(day.end(containing: local(12), utcOffset: beijing) == local(17, 30))
        #expect(day.end(containing: local(8, 59), utcOffset: beijing) == nil)
        #expect(night.end(containing: local(23), utcOffset: 0) == nil, "on a UTC city's clock 15:00 UTC is mid-afternoon")
    }

    @Test("emergencies, overdue stages and 督办 go at once and cannot be muted; other kinds wait or stay in the inbox")
    func urgency() throws {
        let wanted = Preferences(quietHours: QuietHours(from: "22:00", until: "07:00"), mute: [.taskReminded])
        #expect(wanted.heldUntil(.received, critical: false, now: local(23), utcOffset: beijing) == local(7, day: 7))
        #expect(wanted.heldUntil(.received, critical: true, now: local(23), utcOffset: beijing) == nil)
        for kind in Preferences.urgent { #expect(wanted.heldUntil(kind, critical: false, now: local(23), utcOffset: beijing) == nil) }
        #expect(!wanted.pushes(.taskReminded, critical: false) && wanted.pushes(.taskReminded, critical: true) && wanted.pushes(.received, critical: false))
        let notice = Notice(kind: .taskReminded, recipient: "gw-g01", subject: .case("c"), text: "催办")
        let made = DeliveryDesk.deliveries(of: notice, followers: [], addresses: Addressbook(webhooks: ["gw-g01": "http://127.0.0.1:9/h"]),
                                           preferences: ["gw-g01": wanted], utcOffset: beijing, critical: false, event: "/s#1", now: local(12))
        #expect(made.map(\.channel) == [.inbox], "a muted kind is in the inbox only")
        let held = DeliveryDesk.deliveries(of: Notice(kind: .received, recipient: "gw-g01", subject: .case("c"), text: "t"), followers: [],
                                           addresses: Addressbook(webhooks: ["gw-g01": "http://127.0.0.1:9/h"]), preferences: ["gw-g01": wanted],
                                           utcOffset: beijing, critical: false, event: "/s#2", now: local(23))
        #expect(held.map(\.state) == [.delivered, .pending] && held[1].nextAttemptAt == local(7, day: 7) && held[1].heldUntil == local(7, day: 7))
        #expect(held[0].heldUntil == nil, "the inbox has it at once")
    }

    @Test("prefer: quiet hours HH:MM to another HH:MM, a recipient id, no urgent kind muted; it says whether the recipient is quiet now")
    func prefer() throws {
        func command(_ quiet: QuietHours?, mute: [NotificationKind]? = nil, recipient: String? = "gw-g01") -> NotificationCommand {
            NotificationCommand(command: "p-1", action: .prefer, recipient: recipient, quietHours: quiet, mute: mute)
        }
        let quiet = try PreferenceDesk.prefer(command(QuietHours(from: "22:00", until: "07:00")), city: demo, now: local(23))
        #expect(quiet.heldUntil == local(7, day: 7) && quiet.reply == .ok("p-1", caseID: nil, recipient: "gw-g01", state: "quiet"))
        #expect(try PreferenceDesk.prefer(command(nil), city: demo, now: local(23)).heldUntil == nil)
        for bad in [command(QuietHours(from: "22", until: "07:00")), command(QuietHours(from: "24:00", until: "07:00")),
                    command(QuietHours(from: "07:00", until: "07:00")), command(nil, mute: [.supervisionOrdered]), command(nil, recipient: "GW 01")] {
            #expect { try PreferenceDesk.prefer(bad, city: demo, now: local(23)) } throws: { ($0 as? Refused)?.reason == .invalidPreferences }
        }
        #expect { try PreferenceDesk.prefer(command(nil, recipient: nil), city: demo, now: local(23)) } throws: {
            ($0 as? Refused)?.reason == .missingDetail
        }
    }

    @Test("a delivery held for quiet hours holds up nothing behind it: an emergency goes past; new preferences release it")
    func heldInTheLane() throws {
        let store = try NotificationStore(.inMemory, name: "notification-1", logger: Logger(label: "test"))
        let book = Addressbook(webhooks: ["r-001": "http://127.0.0.1:9/a"])
        let night: [String: Preferences] = ["r-001": Preferences(quietHours: QuietHours(from: "22:00", until: "07:00"))]
        try store.database.write { db in
            for (event, critical) in [("/s#1", false), ("/s#2", true)] {
                let notice = Notice(kind: .received, recipient: "r-001", subject: .case("c\(event)"), text: "t")
                try store.record(db, DeliveryDesk.deliveries(of: notice, followers: [], addresses: book, preferences: night, utcOffset: beijing,
                                                             critical: critical, event: event, now: local(23)))
            }
        }
        #expect(try store.due(limit: 10, now: local(23)).map(\.eventID) == ["/s#2"], "the emergency goes past the held message")
        #expect(try store.due(limit: 10, now: local(7, day: 7)).map(\.eventID) == ["/s#1"], "at 07:00 the held one is the lane's head")
        let release = try PreferenceDesk.prefer(NotificationCommand(command: "p", action: .prefer, recipient: "r-001"), city: demo, now: local(23))
        try store.database.write { db in try store.record(db, release, at: local(23)) }
        #expect(try store.due(limit: 10, now: local(23)).map(\.eventID) == ["/s#1"], "released: owed now, before the later emergency")
        #expect(try store.preferencesView(of: "r-001", at: local(23)) == RecipientPreferences(recipient: "r-001", quietHours: nil, mute: [], held: 0))
    }
}

@Suite("Reading the inbox")
struct InboxReadingTests {
    @Test("read: 1–500 of the recipient's own inbox messages; another's, or no number, is unknown_delivery; none is missing_detail")
    func read() throws {
        let now = Date(timeIntervalSince1970: 1_796_560_000)
        let command = NotificationCommand(command: "r-1", action: .read, recipient: "r-001", deliveries: ["57", "58"])
        let reading = try DeliveryDesk.read(command, theirs: [57, 58, 60], now: now)
        #expect(reading.deliveries == [57, 58] && reading.at == now && reading.reply == .ok("r-1", caseID: nil, recipient: "r-001", state: "read"))
        #expect { try DeliveryDesk.read(command, theirs: [57], now: now) } throws: { ($0 as? Refused)?.reason == .unknownDelivery }
        var words = command
        words.deliveries = ["57", "fifty"]
        #expect { try DeliveryDesk.read(words, theirs: [57], now: now) } throws: { ($0 as? Refused)?.reason == .unknownDelivery }
        var none = command
        none.deliveries = []
        #expect { try DeliveryDesk.read(none, theirs: [], now: now) } throws: { ($0 as? Refused)?.reason == .missingDetail }
    }
}

@Suite("Where a recipient is reached: their own channels over the configured ones")
struct RecipientChannelsTests {
    @Test("channels: an http(s) webhook, an e-mail address, a mobile number; none given is the configured ones again")
    func decide() throws {
        func command(webhook: String? = nil, email: String? = nil, phone: String? = nil) -> NotificationCommand {
            NotificationCommand(command: "c-1", channelsOf: "r-005", webhook: webhook, email: email, phone: phone)
        }
        let set = try PreferenceDesk.channels(command(webhook: "https://app.example.org/hooks/r-005", phone: "+8613900000005"))
        #expect(set.channels == RecipientChannels(webhook: "https://app.example.org/hooks/r-005", phone: "+8613900000005") && set.reply.state == "set")
        #expect(try PreferenceDesk.channels(command()).reply.state == "configured")
        for bad in [command(webhook: "ftp://example.org/x"), command(webhook: "not a url"), command(email: "r005.example.org"), command(email: "a b@x.org"),
                    command(phone: "139-0000"), command(phone: "1234")] {
            #expect { try PreferenceDesk.channels(bad) } throws: { ($0 as? Refused)?.reason == .invalidPreferences }
        }
    }

    @Test("their own webhook and number go over the configured; e-mail and SMS only where a mail server and a gateway are")
    func book() {
        let own = RecipientChannels(webhook: "http://own/hook", email: "own@example.org", phone: "13900000005")
        let configured = Addressbook(webhooks: ["r-005": "http://configured/hook"], phones: ["r-005": "13900000001"], sms: true)
        #expect(configured.channels(of: "r-005", own: own).map { "\($0.channel) \($0.address ?? "-")" } == ["inbox -", "webhook http://own/hook", "sms 13900000005"])
        #expect(configured.channels(of: "r-005").map { "\($0.channel) \($0.address ?? "-")" } == ["inbox -", "webhook http://configured/hook", "sms 13900000001"])
    }

    @Test("prefer keeps the channels, channels keeps the preferences")
    func apart() throws {
        let store = try NotificationStore(.inMemory, name: "notification-1", logger: Logger(label: "test"))
        let now = Date(timeIntervalSince1970: 1_796_486_400)
        let channels = try PreferenceDesk.channels(NotificationCommand(command: "c", channelsOf: "r-005", webhook: "http://own/hook", email: nil, phone: nil))
        let english = try PreferenceDesk.prefer(NotificationCommand(command: "p", action: .prefer, recipient: "r-005", language: .en), city: try City.demo(), now: now)
        try store.database.write { db in
            try store.record(db, channels, at: now)
            try store.record(db, english, at: now)
        }
        var view = try store.preferencesView(of: "r-005", at: now)
        #expect((view.webhook, view.language) == ("http://own/hook", .en))
        let cleared = try PreferenceDesk.channels(NotificationCommand(command: "c2", channelsOf: "r-005", webhook: nil, email: nil, phone: nil))
        try store.database.write { db in try store.record(db, cleared, at: now) }
        view = try store.preferencesView(of: "r-005", at: now)
        #expect(view.webhook == nil && view.language == .en)
    }
}

@Suite("Who acts for a recipient")
struct RecipientAccessTests {
    @Test("operators anyone; staff and departments themselves, a department its duty officers; the resident app residents only")
    func rule() throws {
        let city = try City.demo()
        func key(_ identity: String, _ role: Role) -> Certificate { Certificate(identity: identity, role: role, publicKey: "k", topics: [], createdAt: Date(timeIntervalSince1970: 0)) }
        func may(_ caller: Certificate, _ recipient: String) -> Bool { RecipientAccess.refusal(of: caller, for: recipient, doing: "sets", city: city) == nil }
        #expect(may(key("operator", .operator), "cg-day") && may(key("gw-g01", .staff), "gw-g01") && !may(key("gw-g01", .staff), "gw-g02"))
        #expect(may(key("cg", .department), "cg") && may(key("cg", .department), "cg-night") && !may(key("wy", .department), "cg-day"))
        #expect(may(key("resident-app", .integrator), "r-001") && may(key("resident-app", .integrator), "o311-abc"))
        for official in ["gw-g01", "co-c01", "cg", "cg-day"] { #expect(!may(key("resident-app", .integrator), official), "\(official)") }
    }
}
