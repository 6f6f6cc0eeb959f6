import Envelope
public import Foundation
public import Timekeeping

/// The period a report covers, from its `from` and `to` query parameters: a local date means its midnight
/// on the city's calendar (so `to=2026-12-01` ends with November), or an RFC 3339 time; by default the 30
/// days until now. Every `GET /stats` reads its period so.
public struct ReportPeriod: Sendable, Equatable {
    public var from, to: Date

    public init(_ parameters: [String: String], now: Date, calendar: WorkCalendar) throws(OperationsServer.BadQuery) {
        to = try Self.date(parameters["to"], "to", calendar) ?? now
        from = try Self.date(parameters["from"], "from", calendar) ?? to.addingTimeInterval(-30 * 86_400)
        guard from < to else { throw OperationsServer.BadQuery("'from' must be before 'to'") }
    }

    static func date(_ text: String?, _ name: String, _ calendar: WorkCalendar) throws(OperationsServer.BadQuery) -> Date? {
        guard let text else { return nil }
        guard let date = calendar.midnight(of: text) ?? RFC3339.parse(text) else {
            throw OperationsServer.BadQuery("'\(name)' must be a date such as 2026-11-01 or an RFC 3339 time such as 2026-11-01T08:00:00+08:00")
        }
        return date
    }

    /// Refuses a parameter outside `known`.
    public static func check(_ parameters: [String: String], known: [String]) throws(OperationsServer.BadQuery) {
        for key in parameters.keys.sorted() where !known.contains(key) {
            throw OperationsServer.BadQuery("unknown parameter '\(key.prefix(40))': use \(known.joined(separator: ", "))")
        }
    }
}
