import Foundation

/// How long a stage may take: an amount of calendar time, or of working time on the city's work
/// calendar. Written as a number and a unit — `30s`, `15m`, `4h`, `2d` in calendar time; `30ws`, `45wm`,
/// `4wh`, `2wd` in working time (a working day is as long as the calendar's working hours in a day).
public struct TimeLimit: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Unit: String, Sendable, CaseIterable {
        case seconds = "s", minutes = "m", hours = "h", days = "d"
        case workingSeconds = "ws", workingMinutes = "wm", workingHours = "wh", workingDays = "wd"

        var seconds: Double {
            switch self {
            case .seconds, .workingSeconds: 1
            case .minutes, .workingMinutes: 60
            case .hours, .workingHours: 3600
            case .days: 86400
            case .workingDays: 0   // depends on the calendar
            }
        }

        public var isWorking: Bool { rawValue.hasPrefix("w") }
    }

    public let amount: Double
    public let unit: Unit

    public init(_ amount: Double, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// Parses `4wh`, `30m`, `1.5d` …; nil for anything else.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let split = trimmed.firstIndex(where: { !($0.isNumber || $0 == ".") }), split != trimmed.startIndex,
              let amount = Double(trimmed[..<split]), amount > 0, amount.isFinite,
              let unit = Unit(rawValue: String(trimmed[split...])) else { return nil }
        self.init(amount, unit)
    }

    public var isWorking: Bool { unit.isWorking }

    /// The limit in seconds of calendar time; nil for working time, which needs a calendar.
    public var calendarSeconds: Double? { isWorking ? nil : amount * unit.seconds }

    /// This limit scaled (`0.8` of it: when the reminder is due).
    public func scaled(_ factor: Double) -> TimeLimit { TimeLimit(amount * factor, unit) }

    public var description: String {
        let number = amount == amount.rounded() ? String(Int(amount)) : String(amount)
        return number + unit.rawValue
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let limit = TimeLimit(text: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a time limit such as 30m, 4h, 2d (calendar) or 4wh, 2wd (working time)")
        }
        self = limit
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
