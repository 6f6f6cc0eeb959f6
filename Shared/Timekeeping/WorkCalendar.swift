public import Foundation

/// When a city works: its local time zone (a fixed offset — China has no daylight saving), its working
/// weekdays and daily working hours, its public holidays, and its make-up working days (调休: weekend
/// days worked in exchange for a longer holiday). Deadlines in working time are counted on it.
///
///     calendar:
///       utcOffset: "+08:00"
///       workingDays: [mon, tue, wed, thu, fri]
///       workingHours: ["08:30-12:00", "14:00-17:30"]
///       holidays: [2026-10-01, 2026-10-02]
///       makeUpDays: [2026-09-27]
public struct WorkCalendar: Sendable, Equatable {
    static let weekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Seconds east of UTC.
    public let utcOffset: Int
    /// 0 = Sunday … 6 = Saturday.
    public let workingWeekdays: Set<Int>
    /// Seconds after local midnight: [start, end) of each working period, in order.
    public let workingHours: [Range<Int>]
    /// Local day numbers (days since 1970-01-01).
    public let holidays: Set<Int>
    public let makeUpDays: Set<Int>

    public init(utcOffset: Int, workingWeekdays: Set<Int>, workingHours: [Range<Int>], holidays: Set<Int> = [], makeUpDays: Set<Int> = []) {
        (self.utcOffset, self.workingWeekdays, self.workingHours) = (utcOffset, workingWeekdays, workingHours.sorted { $0.lowerBound < $1.lowerBound })
        (self.holidays, self.makeUpDays) = (holidays, makeUpDays)
    }

    /// Every hour of every day is working time (for tests and for cities that never close).
    public static let always = WorkCalendar(utcOffset: 0, workingWeekdays: Set(0...6), workingHours: [0..<86400])

    /// The seconds of working time in a working day.
    public var workingDayLength: Int { workingHours.reduce(0) { $0 + $1.count } }

    public func isWorkingDay(_ day: Int) -> Bool {
        if holidays.contains(day) { return false }
        if makeUpDays.contains(day) { return true }
        return workingWeekdays.contains(((day % 7) + 7 + 4) % 7)   // 1970-01-01 was a Thursday
    }

    /// The moment `limit` after `start`: in calendar time, or counting only working time.
    public func deadline(from start: Date, adding limit: TimeLimit) -> Date {
        switch limit.unit {
        case .seconds, .minutes, .hours, .days: start.addingTimeInterval(limit.amount * unitSeconds(limit.unit))
        case .workingSeconds, .workingMinutes, .workingHours, .workingDays:
            addingWorkingTime(limit.amount * unitSeconds(limit.unit), to: start)
        }
    }

    /// How much of a stage's limit is used at `now` (0 at the start, 1 at the deadline, more when late),
    /// measured as the limit is: in working time for a working-time limit.
    public func fractionUsed(of limit: TimeLimit, from start: Date, at now: Date) -> Double {
        let deadline = deadline(from: start, adding: limit)
        if limit.isWorking {
            let total = workingTime(from: start, to: deadline)
            guard total > 0 else { return now >= deadline ? 1 : 0 }
            return now >= deadline ? max(1, workingTime(from: start, to: now) / total) : workingTime(from: start, to: now) / total
        }
        let total = deadline.timeIntervalSince(start)
        return total > 0 ? now.timeIntervalSince(start) / total : 1
    }

    /// Midnight at the start of a local date such as `2026-11-01`, or nil when it is not one.
    public func midnight(of text: String) -> Date? {
        WorkCalendar.dayNumber(text).map { Date(timeIntervalSince1970: Double($0 * 86400 - utcOffset)) }
    }

    /// Working time between two moments, in seconds.

    public func workingTime(from start: Date, to end: Date) -> TimeInterval {
        guard end > start else { return 0 }
        let (first, _) = local(start), (last, _) = local(end)
        var total = 0.0
        for day in first...last where isWorkingDay(day) {
            let midnight = Double(day * 86400 - utcOffset)
            for period in workingHours {
                let from = max(start.timeIntervalSince1970, midnight + Double(period.lowerBound))
                let to = min(end.timeIntervalSince1970, midnight + Double(period.upperBound))
                if to > from { total += to - from }
            }
        }
        return total
    }

    func unitSeconds(_ unit: TimeLimit.Unit) -> Double {
        unit == .workingDays ? Double(workingDayLength) : unit.seconds
    }

    /// The local day number and seconds since local midnight of a moment.
    func local(_ date: Date) -> (day: Int, second: Double) { Self.local(date, utcOffset: utcOffset) }

    /// The local day number and seconds since local midnight of a moment on a clock `utcOffset` seconds east of UTC.
    public static func local(_ date: Date, utcOffset: Int) -> (day: Int, second: Double) {
        let seconds = date.timeIntervalSince1970 + Double(utcOffset)
        let day = Int((seconds / 86400).rounded(.down))
        return (day, seconds - Double(day) * 86400)
    }

    func addingWorkingTime(_ seconds: Double, to start: Date) -> Date {
        guard seconds > 0, !workingHours.isEmpty else { return start }
        var remaining = seconds
        var (day, second) = local(start)
        for _ in 0..<(366 * 20) {
            if isWorkingDay(day) {
                for period in workingHours where second < Double(period.upperBound) {
                    let from = max(second, Double(period.lowerBound))
                    let available = Double(period.upperBound) - from
                    if remaining <= available {
                        return Date(timeIntervalSince1970: Double(day * 86400 - utcOffset) + from + remaining)
                    }
                    remaining -= available
                    second = Double(period.upperBound)
                }
            }
            day += 1
            second = 0
        }
        return start.addingTimeInterval(seconds)   // no working day in twenty years: count it as calendar time
    }
}

extension WorkCalendar: Codable {
    enum CodingKeys: String, CodingKey { case utcOffset, workingDays, workingHours, holidays, makeUpDays }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func fail(_ key: CodingKeys, _ reason: String) -> DecodingError {
            .dataCorruptedError(forKey: key, in: container, debugDescription: reason)
        }
        let offsetText = try container.decodeIfPresent(String.self, forKey: .utcOffset) ?? "+00:00"
        guard let offset = WorkCalendar.offset(offsetText) else { throw fail(.utcOffset, "'\(offsetText)' is not an offset such as +08:00") }
        var weekdays: Set<Int> = []
        for name in try container.decodeIfPresent([String].self, forKey: .workingDays) ?? ["mon", "tue", "wed", "thu", "fri"] {
            guard let index = WorkCalendar.weekdayNames.firstIndex(of: name.lowercased()) else {
                throw fail(.workingDays, "'\(name)' is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
            }
            weekdays.insert(index)
        }
        var hours: [Range<Int>] = []
        for text in try container.decodeIfPresent([String].self, forKey: .workingHours) ?? ["09:00-17:00"] {
            guard let period = WorkCalendar.period(text) else { throw fail(.workingHours, "'\(text)' is not a period such as 08:30-12:00") }
            hours.append(period)
        }
        func days(_ key: CodingKeys) throws -> Set<Int> {
            var result: Set<Int> = []
            for text in try container.decodeIfPresent([String].self, forKey: key) ?? [] {
                guard let day = WorkCalendar.dayNumber(text) else { throw fail(key, "'\(text)' is not a date such as 2026-10-01") }
                result.insert(day)
            }
            return result
        }
        guard !weekdays.isEmpty, !hours.isEmpty else { throw fail(.workingHours, "a calendar needs working days and working hours") }
        let sorted = hours.sorted { $0.lowerBound < $1.lowerBound }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.upperBound > later.lowerBound {
            throw fail(.workingHours, "working periods overlap")
        }
        self.init(utcOffset: offset, workingWeekdays: weekdays, workingHours: sorted, holidays: try days(.holidays),
                  makeUpDays: try days(.makeUpDays))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let sign = utcOffset < 0 ? "-" : "+"
        try container.encode(String(format: "%@%02d:%02d", sign, abs(utcOffset) / 3600, abs(utcOffset) % 3600 / 60), forKey: .utcOffset)
        try container.encode(workingWeekdays.sorted().map { WorkCalendar.weekdayNames[$0] }, forKey: .workingDays)
        try container.encode(workingHours.map { WorkCalendar.clock($0.lowerBound) + "-" + WorkCalendar.clock($0.upperBound) }, forKey: .workingHours)
        try container.encode(holidays.sorted().map(WorkCalendar.date), forKey: .holidays)
        try container.encode(makeUpDays.sorted().map(WorkCalendar.date), forKey: .makeUpDays)
    }

    static func offset(_ text: String) -> Int? {
        let parts = text.dropFirst().split(separator: ":")
        guard let sign = text.first, sign == "+" || sign == "-", parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]),
              hours < 15, minutes < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }

    static func period(_ text: String) -> Range<Int>? {
        let ends = text.split(separator: "-").map { seconds(String($0)) }
        guard ends.count == 2, let start = ends[0], let end = ends[1], start < end else { return nil }
        return start..<end
    }

    static func seconds(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours), (0..<60).contains(minutes),
              hours * 60 + minutes <= 24 * 60 else { return nil }
        return hours * 3600 + minutes * 60
    }

    static func clock(_ seconds: Int) -> String { String(format: "%02d:%02d", seconds / 3600, seconds % 3600 / 60) }

    /// Days since 1970-01-01 of a `YYYY-MM-DD` date.
    static func dayNumber(_ text: String) -> Int? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let (y, m, d) = (parts[1] <= 2 ? parts[0] - 1 : parts[0], parts[1], parts[2])
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let day = era * 146097 + dayOfEra - 719468
        return date(day) == text ? day : nil   // refuses 2026-02-30
    }

    static func date(_ day: Int) -> String {
        let (year, month, day) = civil(day)
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))"
    }
}
