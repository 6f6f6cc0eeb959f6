public import GRDB

/// A row of a service's own table as a `Codable` value. Its `CodingKeys` name the columns (and serve as
/// the `Columns` of queries); dates are stored as seconds since 1970, as every Whistle table keeps them.
public protocol StoredRecord: Codable, Sendable, FetchableRecord, MutablePersistableRecord {}

extension StoredRecord {
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .timeIntervalSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .timeIntervalSince1970 }
}

// Dates in queries: GRDB binds a `Date` as text, while every Whistle table stores seconds since 1970 —
// compare columns with `date.timeIntervalSince1970`, never with the `Date` itself.
