public import Foundation

/// What intake answers to every ingest request, as one JSON frame. An accepted answer is sent only
/// after the case (and the event that announces it) is committed; the same `source` + `id` again
/// gets the very same bytes back.
public struct IngestReply: Codable, Sendable, Equatable {
    public var status: String            // "accepted" or "rejected"
    public var caseID: String?
    /// True when a repeated alarm from the same device joined an open case.
    public var joined: Bool?
    public var category: String?
    public var grid: String?
    public var level: String?
    public var priority: String?
    public var error: String?            // a stable kind, e.g. "unknown_category"
    public var message: String?          // for people

    enum CodingKeys: String, CodingKey {
        case status, caseID = "case", joined, category, grid, level, priority, error, message
    }

    public static func rejected(_ error: IngestError) -> IngestReply {
        IngestReply(status: "rejected", error: error.kind, message: error.description)
    }

    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data(#"{"status":"rejected","error":"internal"}"#.utf8)
    }
}
