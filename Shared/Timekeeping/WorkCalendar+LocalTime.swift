public import Foundation

/// Times as people read them: on the city's clock, with its offset, so nobody mistakes UTC for local time.
extension WorkCalendar {
    /// The city's time zone (a fixed offset).
    public var timeZone: TimeZone { TimeZone(secondsFromGMT: utcOffset) ?? .gmt }

    /// `2026-11-26 14:47:51 +08:00`: the moment on the city's clock, the zone written out. Worked out from the fixed offset
    /// (a civil date from the day number), not with a `DateFormatter`: a page of 500 cases names 500 times.
    public func localTime(_ date: Date) -> String {
        let seconds = Int((date.timeIntervalSince1970 + Double(utcOffset)).rounded(.down))
        let (days, second) = (seconds.quotient(86_400), seconds.remainder(86_400))
        let (year, month, day) = Self.civil(days)
        let offset = abs(utcOffset) / 60
        return "\(Self.digits(year, 4))-\(Self.digits(month, 2))-\(Self.digits(day, 2)) \(Self.digits(second / 3600, 2)):"
            + "\(Self.digits(second / 60 % 60, 2)):\(Self.digits(second % 60, 2)) \(utcOffset < 0 ? "-" : "+")\(Self.digits(offset / 60, 2)):\(Self.digits(offset % 60, 2))"
    }

    /// The proleptic Gregorian date of a day number (days since 1970-01-01), after Howard Hinnant's `civil_from_days`.
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

private extension Int {
    /// Division and remainder rounding toward negative infinity (a moment before 1970 is on the day before).
    func quotient(_ divisor: Int) -> Int { self >= 0 ? self / divisor : -((-self + divisor - 1) / divisor) }
    func remainder(_ divisor: Int) -> Int { self - quotient(divisor) * divisor }
}

extension WorkCalendar {
    /// The local day number (days since 1970-01-01 on the city's calendar) a moment falls on.
    public func localDay(_ date: Date) -> Int { local(date).day }

    /// `2026-11-30`: a local day number as a date, as `midnight(of:)` reads it.
    public static func dateText(day: Int) -> String {
        let (year, month, date) = civil(day)
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(date, 2))"
    }
}
