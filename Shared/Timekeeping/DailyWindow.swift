public import Foundation

/// A daily window on a city's clock, `HH:MM` to `HH:MM` — `22:00` to `07:00` runs past midnight; `from` is in it, `until`
/// is not. Quiet hours and duty hours are such windows.
public struct DailyWindow: Sendable, Equatable {
    /// Minutes after midnight.
    public let from, until: Int

    /// Nil unless both are `HH:MM` times of day and they differ.
    public init?(from: String, until: String) {
        guard let start = Self.minutes(from), let end = Self.minutes(until), start != end else { return nil }
        (self.from, self.until) = (start, end)
    }

    /// `HH:MM-HH:MM`, as a city file writes duty hours.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return nil }
        self.init(from: parts[0], until: parts[1])
    }

    /// `HH:MM` as minutes after midnight, nil when it is not a time of day.
    public static func minutes(_ time: String) -> Int? {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hours = Int(parts[0]), let minutes = Int(parts[1]),
              (0..<24).contains(hours), (0..<60).contains(minutes) else { return nil }
        return hours * 60 + minutes
    }

    /// Whether `now` falls in the window (`utcOffset`: the city's clock, seconds east of UTC).
    public func contains(_ now: Date, utcOffset: Int) -> Bool { end(containing: now, utcOffset: utcOffset) != nil }

    /// When the window `now` falls in ends, nil when `now` is outside it.
    public func end(containing now: Date, utcOffset: Int) -> Date? {
        let (day, second) = WorkCalendar.local(now, utcOffset: utcOffset)
        let minute = second / 60
        let inside = from < until ? (Double(from) <= minute && minute < Double(until)) : (minute >= Double(from) || minute < Double(until))
        guard inside else { return nil }
        let end = Double(until * 60) > second ? day : day + 1         // today's `until`, or tomorrow's once it has passed
        return Date(timeIntervalSince1970: Double(end * 86_400 + until * 60 - utcOffset))
    }
}
