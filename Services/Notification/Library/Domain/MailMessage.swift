public import Contracts
public import Foundation

/// One notice as an Internet message (RFC 5322 with MIME): UTF-8 text, the subject as RFC 2047 encoded-words, the date
/// on the city's clock, and a `Message-ID` fixed by the delivery — a retry is the same message, so a mail system (or a
/// reader) recognises it. The body goes `8bit` when the server offers 8BITMIME (RFC 6152), else base64.
public struct MailMessage: Sendable, Equatable {
    /// The envelope: who sends (`MAIL FROM`) and who receives (`RCPT TO`).
    public var from, to: String
    /// The subject line (plain; encoded when written) and the body's text.
    public var subject, text: String
    public var messageID: String
    public var date: Date

    /// The message of delivery `delivery` (its id): a notice of `kind` about `subject`, from the address `from` to `to`.
    public init(delivery: Int64, kind: NotificationKind, about subject: NoticeSubject, language: Language = .zhCN, text: String, from: String, to: String,
                at date: Date) {
        (self.from, self.to, self.text, self.date) = (from, to, text, date)
        self.subject = MailMessage.subject(kind, about: subject, language: language)
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        messageID = "<whistle.delivery.\(delivery)@\(domain)>"
    }

    /// The message's bytes, lines ending CRLF (not yet dot-stuffed: that is SMTP's), the body in `8bit` when `eightBit`
    /// (and no line is longer than 998 octets), else base64.
    public func data(fromName: String, timeZone: TimeZone, eightBit: Bool) -> String {
        let body = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let plain = eightBit && body.allSatisfy { $0.utf8.count <= 998 }
        let header = [
            "Date: " + Self.rfc5322Date(date, timeZone: timeZone),
            "From: " + Self.encodedWords(fromName, prefix: 6) + " <\(from)>",
            "To: <\(to)>",
            "Subject: " + Self.encodedWords(subject, prefix: 9),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: " + (plain ? "8bit" : "base64"),
        ]
        let encoded = plain ? body : Self.base64Lines(Data(text.utf8))
        return (header + [""] + encoded).joined(separator: "\r\n") + "\r\n"
    }

    /// The subject of a notice: 【吹哨】, what it is about and what happened — `【吹哨】案件 C-2026-000123 已受理`; in English
    /// `[Whistle] Case C-2026-000123 received`.
    public static func subject(_ kind: NotificationKind, about subject: NoticeSubject, language: Language = .zhCN) -> String {
        let english = language == .en
        let (mark, headline) = english ? ("[Whistle] ", englishHeadlines[kind] ?? kind.rawValue) : ("【吹哨】", headlines[kind] ?? kind.rawValue)
        let about: String
        switch subject {
        case .case(let id): about = (mediationKinds.contains(kind) ? (english ? "Dispute " : "纠纷 ") : (english ? "Case " : "案件 ")) + id
        case .proposal(let id): about = (english ? "Proposal " : "议题 ") + id
        case .digest: return mark + headline
        }
        return "\(mark)\(about) \(headline)"
    }

    static let mediationKinds: Set<NotificationKind> = [.referred, .mediation, .mediated, .mediationFailed, .mediationAccepted, .mediationSession,
                                                        .agreementInEffect, .mediationReopened, .confirmationWindowClosing, .disputeAssigned,
                                                        .mediationReminded]

    /// What happened, in a few words, for every kind (a test holds it to the contracts' list).
    static let headlines: [NotificationKind: String] = [
        .received: "已受理", .linked: "已并入相同案件", .assigned: "已交办", .escalated: "已上报", .dispatched: "已派发部门",
        .reassigned: "已改派", .acknowledged: "部门已报到", .completed: "已办结待核查", .resolved: "已处理，请评价", .verified: "已核查办结，请评价",
        .reopened: "退回返工", .closed: "已结案", .returned: "需重新派发", .referred: "已转交调解", .mediation: "已指定调解员",
        .mediated: "调解成功", .mediationFailed: "调解未达成协议", .mediationAccepted: "已受理调解", .mediationSession: "调解时间地点",
        .agreementInEffect: "调解协议已生效", .mediationReopened: "重新调解", .confirmationWindowClosing: "司法确认期限将届满",
        .voteOpened: "开始投票", .voteDecided: "投票结果", .proposalCompleted: "已实施，请评价", .proposalPublished: "结果公开",
        .taskAssigned: "新任务", .taskReminded: "催办", .taskOverdue: "任务超时", .supervisionOrdered: "督办", .taskWithdrawn: "任务已撤回",
        .taskSentBack: "退回件被发回", .taskReopened: "返工", .disputeAssigned: "新调解任务", .mediationReminded: "调解提醒",
        .caseReminded: "已催办", .caseOverdue: "办理超时", .digest: "待办汇总",
    ]

    /// The same in English.
    static let englishHeadlines: [NotificationKind: String] = [
        .received: "received", .linked: "joined to the same case", .assigned: "assigned", .escalated: "escalated", .dispatched: "sent to departments",
        .reassigned: "reassigned", .acknowledged: "department on duty", .completed: "finished, being checked", .resolved: "settled, please rate",
        .verified: "checked and finished, please rate", .reopened: "rework", .closed: "closed", .returned: "to be dispatched again",
        .referred: "referred to mediation", .mediation: "mediator named", .mediated: "mediated", .mediationFailed: "no agreement",
        .mediationAccepted: "accepted for mediation", .mediationSession: "session set", .agreementInEffect: "agreement in effect",
        .mediationReopened: "mediation resumed", .confirmationWindowClosing: "confirmation window closing", .voteOpened: "vote open",
        .voteDecided: "vote result", .proposalCompleted: "carried out, please rate", .proposalPublished: "published", .taskAssigned: "new task",
        .taskReminded: "reminder (催办)", .taskOverdue: "task overdue", .supervisionOrdered: "supervision order (督办)", .taskWithdrawn: "task withdrawn",
        .taskSentBack: "returned task sent back", .taskReopened: "rework", .disputeAssigned: "new dispute", .mediationReminded: "mediation reminder",
        .caseReminded: "reminded", .caseOverdue: "overdue", .digest: "open items",
    ]

    /// `text` as RFC 2047 encoded-words (`=?UTF-8?B?…?=`), folded so that no line passes 76 characters (`prefix`: the
    /// header name's length on the first line); ASCII text as it is.
    static func encodedWords(_ text: String, prefix: Int) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) { return text }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            // A line is at most 76 characters: the header's name (or the fold's space), 12 of `=?UTF-8?B??=` and the
            // base64 — 60 characters, 45 bytes, after a fold.
            let room = ((76 - (words.isEmpty ? prefix : 1) - 12) / 4) * 3
            if chunk.count + bytes.count > room {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Base64 in lines of 76 characters (RFC 2045).
    static func base64Lines(_ data: Data) -> [String] {
        let encoded = data.base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[from..<(encoded.index(from, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
        }
    }

    /// `Sun, 06 Dec 2026 20:40:00 +0800` (RFC 5322 §3.3) on the city's clock.
    static func rfc5322Date(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        (formatter.locale, formatter.timeZone, formatter.dateFormat) = (Locale(identifier: "en_US_POSIX"), timeZone, "EEE, dd MMM yyyy HH:mm:ss Z")
        return formatter.string(from: date)
    }
}
