import Foundation
import Testing
@testable import Timekeeping

@Suite("The work calendar: working hours, holidays, make-up days, limits")
struct WorkCalendarTests {
    /// Pingliang's calendar for the 2026 National Day week: 10-01…10-07 off, Sunday 09-27 and Saturday
    /// 10-10 worked instead (调休).
    let calendar = try! JSONDecoder().decode(WorkCalendar.self, from: Data("""
        {"utcOffset": "+08:00", "workingDays": ["mon", "tue", "wed", "thu", "fri"], "workingHours": ["08:30-12:00", "14:00-17:30"],
         "holidays": ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"],
         "makeUpDays": ["2026-09-27", "2026-10-10"]}
        """.utf8))

    /// A local (+08:00) wall-clock time.
    func local(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text + "+08:00")!
    }

    @Test("a moment reads on the city's clock with its zone: 06:47:51Z is 14:47:51 +08:00, across midnight too")
    func localTime() {
        #expect(calendar.localTime(local("2026-11-26T14:47:51")) == "2026-11-26 14:47:51 +08:00")
        #expect(calendar.localTime(ISO8601DateFormatter().date(from: "2026-11-26T20:30:00Z")!) == "2026-11-27 04:30:00 +08:00")
        #expect(WorkCalendar.always.localTime(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00 +00:00")
    }

    @Test("worked out from the offset, every local time reads as Foundation's formatter writes it: leap days, centuries, before 1970, west of Greenwich")
    func localTimeAsFormatted() throws {
        var random = SystemRandomNumberGenerator()
        for offset in [8 * 3600, 0, -(3 * 3600 + 1800), 5 * 3600 + 2700] {
            let calendar = WorkCalendar(utcOffset: offset, workingWeekdays: [1], workingHours: [0..<86400])
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = try #require(TimeZone(secondsFromGMT: offset))
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
            let edges: [Double] = [0, -1, 951_782_400, 951_868_799, 4_107_542_400, -2_208_988_800, 1_795_395_599.5]
            for seconds in edges + (0..<2000).map({ _ in Double(Int64.random(in: -3_000_000_000...7_000_000_000, using: &random)) }) {
                let date = Date(timeIntervalSince1970: seconds)
                #expect(calendar.localTime(date) == formatter.string(from: date), "\(seconds) at \(offset)")
            }
        }
    }

    @Test("working hours skip the lunch break, the night and the weekend; a make-up Sunday is worked")
    func makeUpDay() {
        #expect(calendar.deadline(from: local("2026-09-25T17:00:00"), adding: TimeLimit(1, .workingHours)) == local("2026-09-27T09:00:00"))
        #expect(calendar.deadline(from: local("2026-09-28T11:30:00"), adding: TimeLimit(1, .workingHours)) == local("2026-09-28T14:30:00"))
        #expect(calendar.deadline(from: local("2026-09-28T20:00:00"), adding: TimeLimit(30, .workingMinutes)) == local("2026-09-29T09:00:00"))
    }

    @Test("public holidays are skipped, and the make-up Saturday after them is worked")
    func holidays() {
        // Wednesday 16:00: 1.5 h left that day, then a week of holidays, then Thursday 10-08 from 08:30.
        #expect(calendar.deadline(from: local("2026-09-30T16:00:00"), adding: TimeLimit(4, .workingHours)) == local("2026-10-08T11:00:00"))
        #expect(calendar.isWorkingDay(WorkCalendar.dayNumber("2026-10-10")!))
        #expect(!calendar.isWorkingDay(WorkCalendar.dayNumber("2026-10-03")!))
        #expect(!calendar.isWorkingDay(WorkCalendar.dayNumber("2026-10-11")!), "an ordinary Sunday")
        #expect(calendar.deadline(from: local("2026-10-09T17:00:00"), adding: TimeLimit(1, .workingHours)) == local("2026-10-10T09:00:00"))
    }

    @Test("a working day is as long as the day's working hours; calendar limits ignore the calendar")
    func units() {
        #expect(calendar.workingDayLength == 7 * 3600)
        #expect(calendar.deadline(from: local("2026-09-28T08:30:00"), adding: TimeLimit(1, .workingDays)) == local("2026-09-28T17:30:00"))
        #expect(calendar.deadline(from: local("2026-09-30T16:00:00"), adding: TimeLimit(2, .workingDays)) == local("2026-10-09T16:00:00"))
        #expect(calendar.deadline(from: local("2026-09-25T17:00:00"), adding: TimeLimit(4, .hours)) == local("2026-09-25T21:00:00"))
        #expect(calendar.deadline(from: local("2026-09-25T17:00:00"), adding: TimeLimit(3, .days)) == local("2026-09-28T17:00:00"))
    }

    @Test("the share of a limit used is measured as the limit is: 80 % of four working hours is at 3.2 of them")
    func fractionUsed() {
        let start = local("2026-09-28T10:00:00"), limit = TimeLimit(4, .workingHours)
        #expect(abs(calendar.fractionUsed(of: limit, from: start, at: local("2026-09-28T12:00:00")) - 0.5) < 1e-9)
        #expect(abs(calendar.fractionUsed(of: limit, from: start, at: local("2026-09-28T13:00:00")) - 0.5) < 1e-9, "lunch does not count")
        #expect(calendar.deadline(from: start, adding: limit.scaled(0.8)) == local("2026-09-28T15:12:00"))
        #expect(calendar.fractionUsed(of: limit, from: start, at: local("2026-09-28T16:00:00")) == 1)
        #expect(calendar.fractionUsed(of: limit, from: start, at: local("2026-09-28T20:00:00")) >= 1, "after the deadline: overdue")
        #expect(calendar.fractionUsed(of: TimeLimit(10, .seconds), from: start, at: start.addingTimeInterval(8)) == 0.8)
        #expect(calendar.workingTime(from: local("2026-09-30T16:00:00"), to: local("2026-10-08T09:30:00")) == 2.5 * 3600)
    }

    @Test("limits and calendars are written as people write them, and refused with a reason when not")
    func parsing() throws {
        #expect(TimeLimit(text: "4wh") == TimeLimit(4, .workingHours))
        #expect(TimeLimit(text: "1.5d") == TimeLimit(1.5, .days))
        #expect(TimeLimit(text: "30s")?.description == "30s")
        for bad in ["", "4", "h", "-2h", "4 hours", "2wx"] { #expect(TimeLimit(text: bad) == nil, "\(bad)") }
        #expect(WorkCalendar.dayNumber("2026-02-30") == nil && WorkCalendar.dayNumber("2026-10-01") == 20727)
        #expect(WorkCalendar.date(20727) == "2026-10-01")
        for bad in [#"{"utcOffset": "8"}"#, #"{"workingDays": ["someday"]}"#, #"{"workingHours": ["12:00-08:00"]}"#,
                    #"{"holidays": ["2026-13-01"]}"#, #"{"workingHours": ["08:00-12:00", "11:00-13:00"]}"#] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(WorkCalendar.self, from: Data(bad.utf8)) }
        }
        let back = try JSONDecoder().decode(WorkCalendar.self, from: JSONEncoder().encode(calendar))
        #expect(back == calendar)
    }
}
