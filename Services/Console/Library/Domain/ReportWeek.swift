public import Foundation
public import Timekeeping

/// A week of the evaluation's trend: Monday to the next Monday on the city's calendar, as local dates the
/// evaluation's `from` and `to` take (`to` not counted).
public struct ReportWeek: Sendable, Equatable {
    public var from: String
    public var to: String

    public init(from: String, to: String) { (self.from, self.to) = (from, to) }

    /// The `count` weeks up to and including the one `now` falls in, oldest first.
    public static func last(_ count: Int, at now: Date, calendar: WorkCalendar) -> [ReportWeek] {
        let today = calendar.localDay(now)
        let monday = today - ((today + 3) % 7 + 7) % 7      // day 0, 1970-01-01, was a Thursday
        return (0..<max(0, count)).reversed().map { back in
            let start = monday - 7 * back
            return ReportWeek(from: WorkCalendar.dateText(day: start), to: WorkCalendar.dateText(day: start + 7))
        }
    }
}
