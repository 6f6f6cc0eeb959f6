import CityModel
import Contracts
import Foundation
import GRDB
import Messaging
import StoreKit
import Logging
import ServiceKit
import Testing
import Timekeeping
@testable import WhistleNotification
@testable import WhistleNotificationDomain

@Suite("E-mail: the message as RFC 5322 and MIME say, SMTP's answers, and a lane per recipient and channel")
struct MailMessageTests {
    let at = Date(timeIntervalSince1970: 1_796_560_000)     // 2026-12-06 12:26:40 UTC
    let beijing = TimeZone(secondsFromGMT: 8 * 3_600)!

    func message(_ text: String = "您报告的高空抛物问题已受理，案件编号 intake-1-7。", kind: NotificationKind = .received) -> MailMessage {
        MailMessage(delivery: 42, kind: kind, about: .case("intake-1-7"), text: text, from: "whistle@city.example.org", to: "r001@example.org", at: at)
    }

    /// RFC 2047's encoded-words of a header value, decoded and joined (what a mail reader shows).
    func decoded(_ value: String) -> String {
        value.components(separatedBy: "\r\n ").map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="), let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) else { return word }
            return String(decoding: data, as: UTF8.self)
        }.joined()
    }

    func header(_ name: String, in data: String) -> String? {
        let head = data.components(separatedBy: "\r\n\r\n")[0]
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: "\u{1}")
        return unfolded.components(separatedBy: "\r\n").first { $0.hasPrefix(name + ": ") }
            .map { String($0.dropFirst(name.count + 2)).replacingOccurrences(of: "\u{1}", with: "\r\n ") }
    }

    @Test("every kind has a subject in words; a case's, a dispute's and a proposal's name what it is about")
    func subjects() {
        for kind in NotificationKind.allCases { #expect(MailMessage.headlines[kind] != nil, "\(kind) has no subject") }
        #expect(MailMessage.subject(.received, about: .case("intake-1-7")) == "【吹哨】案件 intake-1-7 已受理")
        #expect(MailMessage.subject(.mediationSession, about: .case("intake-1-9")) == "【吹哨】纠纷 intake-1-9 调解时间地点")
        #expect(MailMessage.subject(.voteOpened, about: .proposal("p-3")) == "【吹哨】议题 p-3 开始投票")
    }

    @Test("the subject and sender's name are UTF-8 encoded-words no longer than 75 characters, each line at most 76, and decode back")
    func encodedWords() {
        let long = String(repeating: "督办通知：城管执法局请于规定时限内答复。", count: 4)
        let encoded = MailMessage.encodedWords(long, prefix: 9)
        #expect(decoded(encoded) == long)
        for line in ("Subject: " + encoded).components(separatedBy: "\r\n") {
            #expect(line.count <= 76)
            #expect(line.trimmingCharacters(in: .whitespaces).count <= 75)
        }
        #expect(MailMessage.encodedWords("Whistle", prefix: 6) == "Whistle", "ASCII goes as it is")
        let data = message().data(fromName: "吹哨", timeZone: beijing, eightBit: true)
        #expect(decoded(header("Subject", in: data) ?? "") == "【吹哨】案件 intake-1-7 已受理")
        let from = header("From", in: data) ?? ""
        #expect(from.hasSuffix(" <whistle@city.example.org>") && decoded(String(from.dropLast(27))) == "吹哨")
    }

    @Test("the date is on the city's clock, the Message-ID is the delivery's, the same on every attempt; the body is the text")
    func headerAndBody() {
        let data = message().data(fromName: "吹哨", timeZone: beijing, eightBit: true)
        #expect(header("Date", in: data) == "Sun, 06 Dec 2026 20:26:40 +0800")
        #expect(header("Message-ID", in: data) == "<whistle.delivery.42@city.example.org>")
        #expect(header("To", in: data) == "<r001@example.org>")
        #expect(header("Content-Transfer-Encoding", in: data) == "8bit")
        #expect(data.hasSuffix("\r\n\r\n您报告的高空抛物问题已受理，案件编号 intake-1-7。\r\n"))
        #expect(message().messageID == message().messageID)
        #expect(!data.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends CRLF")
    }

    @Test("without 8BITMIME, or with a line over 998 octets, the body goes base64 in lines of 76")
    func base64Body() throws {
        let text = String(repeating: "长", count: 400)          // 1,200 octets on one line
        for (eightBit, body) in [(false, "短"), (true, text)] {
            let data = message(body).data(fromName: "吹哨", timeZone: beijing, eightBit: eightBit)
            #expect(header("Content-Transfer-Encoding", in: data) == "base64")
            let lines = data.components(separatedBy: "\r\n\r\n")[1].components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.allSatisfy { $0.count <= 76 })
            let bytes = try #require(Data(base64Encoded: lines.joined()))
            #expect(String(decoding: bytes, as: UTF8.self) == body)
        }
    }

    @Test("a line beginning with a period gets another, so none ends the data early")
    func dotStuffing() {
        #expect(SMTPClient.dotStuffed(".a\r\nb\r\n.\r\n..c\r\n") == "..a\r\nb\r\n..\r\n...c\r\n")
        #expect(SMTPClient.dotStuffed("a.b\r\n") == "a.b\r\n")
    }

    @Test("a mail server's 5xx ends a delivery, its 4xx is tried again; 250 delivers it")
    func smtpAnswers() {
        let policy = RetryPolicy(maxAttempts: 8)
        let now = Date(timeIntervalSince1970: 0)
        #expect(DeliveryDesk.after(attempt: 1, status: 550, error: "SMTP 550 no such user", channel: .email, policy: policy, now: now).state == .failed)
        #expect(DeliveryDesk.after(attempt: 1, status: 451, error: "SMTP 451 try later", channel: .email, policy: policy, now: now).state == .pending)
        #expect(DeliveryDesk.after(attempt: 1, status: 250, error: nil, channel: .email, policy: policy, now: now).state == .delivered)
        #expect(DeliveryDesk.after(attempt: 1, status: nil, error: "connection refused", channel: .email, policy: policy, now: now).state == .pending)
        #expect(DeliveryDesk.after(attempt: 1, status: 550, error: nil, channel: .webhook, policy: policy, now: now).state == .pending,
                "a webhook's 5xx is the receiver's trouble: tried again")
    }

    @Test("redrive: only a failed delivery, once — one more attempt, given up after it whatever the answer; unknown or not failed is refused")
    func redrive() throws {
        let command = NotificationCommand(command: "n-1", action: .redrive, delivery: "42")
        let failed = DeliveryStanding(id: 42, channel: .webhook, state: .failed, attempts: 8, subject: .case("intake-1-7"))
        let redrive = try DeliveryDesk.redrive(command, failed, now: at)
        #expect(redrive.lastAttempt == 9 && redrive.nextAttemptAt == at && redrive.delivery == 42)
        #expect(redrive.reply == .ok("n-1", caseID: "intake-1-7", delivery: "42", state: "pending"))
        let policy = RetryPolicy(maxAttempts: 50)
        #expect(DeliveryDesk.after(attempt: 9, status: 500, error: nil, lastAttempt: 9, policy: policy, now: at).state == .failed,
                "the redriven attempt is the last, though the policy would allow more")
        #expect(DeliveryDesk.after(attempt: 9, status: 204, error: nil, lastAttempt: 9, policy: policy, now: at).state == .delivered)
        #expect(DeliveryDesk.after(attempt: 2, status: 500, error: nil, policy: policy, now: at).state == .pending)
        #expect { try DeliveryDesk.redrive(command, nil, now: at) } throws: { ($0 as? Refused)?.reason == .unknownDelivery }
        for state in [DeliveryState.pending, .delivered] {
            var standing = failed
            standing.state = state
            #expect { try DeliveryDesk.redrive(command, standing, now: at) } throws: { ($0 as? Refused)?.reason == .invalidTransition }
        }
    }

    @Test("a bad address, port, sender or CA file, or a user without a password, stops the start with the key named; no server, no e-mail")
    func badMailSettings() throws {
        let city = try City.demo()
        var options = NotificationOptions()
        options.emails = ["cg": "duty@cg.example.org"]
        #expect(options.addresses(over: city).emails.isEmpty, "without a mail server nobody is e-mailed")
        options.smtp.host = "localhost"
        #expect(options.addresses(over: city).emails["cg"] == "duty@cg.example.org")
        #expect(throws: Never.self) { try options.validate() }
        let breaks: [(String, (inout NotificationOptions) -> Void)] = [
            ("notification.emails.cg", { $0.emails["cg"] = "duty at cg" }), ("notification.smtp.port", { $0.smtp.port = 0 }),
            ("notification.smtp.from", { $0.smtp.from = "吹哨 <whistle@x>" }), ("notification.smtp.caFile", { $0.smtp.caFile = "/nonexistent.pem" }),
            ("notification.smtp.username", { $0.smtp.username = "whistle" }),
        ]
        for (key, breaking) in breaks {
            var bad = options
            breaking(&bad)
            #expect { try bad.validate() } throws: { "\($0)".contains(key) }
        }
    }

    @Test("an e-mail owed does not hold up the same recipient's webhook: each channel is a lane of its own, in order")
    func lanes() throws {
        let store = try NotificationStore(.inMemory, name: "notification-1", logger: Logger(label: "test"))
        let book = Addressbook(webhooks: ["r-001": "http://127.0.0.1:9/a"], emails: ["r-001": "r001@example.org"])
        for event in ["/s#1", "/s#2"] {
            let notice = Notice(kind: .received, recipient: "r-001", subject: .case("c"), text: "t")
            try store.database.write { db in try store.record(db, DeliveryDesk.deliveries(of: notice, followers: [], addresses: book, critical: false, event: event, now: at)) }
        }
        #expect(try store.deliveries(to: "r-001").map(\.channel) == [.inbox, .webhook, .email, .inbox, .webhook, .email])
        let due = try store.due(limit: 10, now: at)
        #expect(due.map { "\($0.channel.rawValue) \($0.eventID)" } == ["webhook /s#1", "email /s#1"])
        let busyMail = DeliveryLane(recipient: "r-001", channel: .email)
        #expect(try store.due(limit: 10, now: at, excluding: [busyMail]).map(\.channel) == [.webhook])
    }
}
