public import Foundation
import Contracts
import Timekeeping

/// A notice as a text message: `【signature】` and its text, sent in UCS-2 (as Chinese is): up to 70 characters go as one
/// message; more go in parts of at most 67, the rest of each part's room carrying the header that joins them again.
public enum ShortMessage {
    /// One message's room, and a part's when the text is split (UTF-16 code units).
    public static let single = 70, part = 67

    /// The parts `text` goes in, signed; a character is never split.
    public static func parts(of text: String, signature: String) -> [String] {
        let signed = "【\(signature)】" + text
        guard signed.utf16.count > single else { return [signed] }
        var parts: [String] = []
        var current = ""
        for character in signed {
            if current.utf16.count + String(character).utf16.count > part {
                parts.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    /// Whether another text message may go to a recipient who had `sentToday` on the city's day: under the daily cap,
    /// or about an emergency (never held back).
    public static func withinDailyCap(sentToday: Int, cap: Int, critical: Bool) -> Bool { critical || sentToday < cap }

    /// When the city's day that `now` falls in began (`utcOffset`: seconds east of UTC).
    public static func dayStart(of now: Date, utcOffset: Int) -> Date {
        Date(timeIntervalSince1970: Double(WorkCalendar.local(now, utcOffset: utcOffset).day * 86_400 - utcOffset))
    }
}

extension DeliveryDesk {
    /// A text message over the recipient's daily cap: failed for good without being sent (attempt `attempt`).
    public static func capped(attempt: Int, cap: Int, now: Date) -> AttemptOutcome {
        AttemptOutcome(attempt: attempt, status: nil, error: "the recipient had \(cap) text messages today, their daily cap; not sent (the inbox has it)",
                       state: .failed, nextAttemptAt: now, deliveredAt: nil)
    }
}
