import Contracts
import Foundation
import ServiceKit
import Testing
@testable import WhistleNotification
@testable import WhistleNotificationDomain

@Suite("Text messages: 【signature】, 70 characters in one, 67 a part beyond; a daily cap; the gateway's request from its template")
struct ShortMessageTests {
    @Test("70 characters with the signature go as one message; 71 as two parts, 67 and 4; a character is never split")
    func parts() {
        let signature = "吹哨"                                               // 【吹哨】: 4 characters
        #expect(ShortMessage.parts(of: String(repeating: "办", count: 66), signature: signature) == ["【吹哨】" + String(repeating: "办", count: 66)])
        let split = ShortMessage.parts(of: String(repeating: "办", count: 67), signature: signature)
        #expect(split.map(\.count) == [67, 4] && split.joined() == "【吹哨】" + String(repeating: "办", count: 67))
        let long = ShortMessage.parts(of: String(repeating: "案", count: 200), signature: signature)
        #expect(long.map(\.count) == [67, 67, 67, 3])
        let emoji = ShortMessage.parts(of: String(repeating: "办", count: 62) + "🚒" + String(repeating: "办", count: 10), signature: signature)
        #expect(emoji.allSatisfy { $0.utf16.count <= 67 } && emoji.joined().hasSuffix("🚒" + String(repeating: "办", count: 10)) && emoji[0].utf16.count == 66,
                "the fire engine (two UTF-16 units) does not fit the first part's last unit: it opens the second")
    }

    @Test("the daily cap counts the city's day; emergencies go past it")
    func dailyCap() {
        #expect(ShortMessage.withinDailyCap(sentToday: 1, cap: 2, critical: false))
        #expect(!ShortMessage.withinDailyCap(sentToday: 2, cap: 2, critical: false))
        #expect(ShortMessage.withinDailyCap(sentToday: 9, cap: 2, critical: true))
        let lateEvening = Date(timeIntervalSince1970: 1_796_560_000)                    // 2026-12-06 20:26:40 in Beijing
        #expect(ShortMessage.dayStart(of: lateEvening, utcOffset: 8 * 3_600) == Date(timeIntervalSince1970: 1_796_486_400))
        #expect(DeliveryDesk.capped(attempt: 1, cap: 2, now: lateEvening).state == .failed)
        #expect(RetryPolicy.isFinal(400, on: .sms) && !RetryPolicy.isFinal(429, on: .sms) && !RetryPolicy.isFinal(503, on: .sms))
    }

    @Test("the gateway's body is the template with each string filled, JSON-escaped; a template naming what a message has not stops the start")
    func template() throws {
        let body = try SMSCourier.body(#"{"to":"{{phone}}","content":{"text":"{{ text }}","ref":"{{reference}}"},"n":2}"#,
                                       ["phone": "13800000001", "text": "【吹哨】\"引号\"\n换行", "reference": "42-1"])
        let decoded = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        #expect(decoded?["to"] as? String == "13800000001" && decoded?["n"] as? Int == 2)
        #expect((decoded?["content"] as? [String: Any])?["text"] as? String == "【吹哨】\"引号\"\n换行")
        var options = NotificationOptions()
        options.sms.url = "http://127.0.0.1:9/sms"
        #expect(throws: Never.self) { try options.validate() }
        for (template, named) in [(#"{"to":"{{phone}}","text":"{{text}}","x":"{{name}}"}"#, "{{name}}"), ("not json", "JSON object"),
                                  (#"{"text":"{{text}}"}"#, "{{phone}}")] {
            var bad = options
            bad.sms.template = template
            #expect { try bad.validate() } throws: { "\($0)".contains("notification.sms.template") && "\($0)".contains(named) }
        }
        options.phones = ["gw-g01": "call me"]
        #expect { try options.validate() } throws: { "\($0)".contains("notification.phones.gw-g01") }
    }
}
