public import Foundation

/// RFC 3339 timestamps as the suite writes and reads them: UTC with milliseconds on the way out
/// (`2026-11-23T21:55:17.281Z`); on the way in any zone offset, with or without fractions, but never
/// without a zone.
public enum RFC3339 {
    static let withFractions = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static let whole = Date.ISO8601FormatStyle()

    public static func format(_ date: Date) -> String { withFractions.format(date) }

    public static func parse(_ text: String) -> Date? {
        if let date = try? withFractions.parse(text) { return date }
        return try? whole.parse(text)
    }
}
