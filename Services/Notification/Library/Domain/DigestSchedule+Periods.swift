public import Contracts
public import Foundation
import Timekeeping

extension DigestSchedule {
    /// The shortest and longest period: ten seconds (a test's) to a day.
    public static let periods = 10...86_400

    /// Why the schedule cannot be kept, nil when it can.
    public var fault: String? {
        guard Self.periods.contains(every) else {
            return "a digest goes every 10 to 86400 seconds (a day), not every \(every)"
        }
        if let at, DailyWindow.minutes(at) == nil { return "a digest's 'at' is a time of day HH:MM on the city's clock, not '\(at.prefix(8))'" }
        return nil
    }

    /// When the period running at `now` ends (strictly after `now`) on a clock `utcOffset` seconds east of UTC: each day's
    /// periods start at `at` and follow each other every `every` seconds, the last one cut short at the next day's `at`.
    public func periodEnd(after now: Date, utcOffset: Int) -> Date {
        let anchor = Double((at.flatMap(DailyWindow.minutes) ?? 0) * 60)
        let (day, second) = WorkCalendar.local(now, utcOffset: utcOffset)
        // The latest start of a day's periods at or before `now`: today's, or yesterday's when today's `at` is still to come.
        let start = Double(day) * 86_400 + anchor - (second < anchor ? 86_400 : 0)
        let elapsed = Double(day) * 86_400 + second - start
        let end = min(start + ((elapsed / Double(every)).rounded(.down) + 1) * Double(every), start + 86_400)
        return Date(timeIntervalSince1970: end - Double(utcOffset))
    }
}
