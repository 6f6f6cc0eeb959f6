public import Foundation

/// Times as people read them: on the city's clock, with its offset, so nobody mistakes UTC for local time.
extension WorkCalendar {
    /// The city's time zone (a fixed offset).
    public var timeZone: TimeZone { TimeZone(secondsFromGMT: utcOffset) ?? .gmt }

    /// `2026-11-26 14:47:51 +08:00`: the moment on the city's clock, the zone written out.
    public func localTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
        return formatter.string(from: date)
    }
}
