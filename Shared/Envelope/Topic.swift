/// A dotted, lowercase topic name. Subscribers filter by prefix, so the most general part
/// comes first and the area comes last, from the widest to the narrowest:
///
///     <family>.<event>.<street>.<community>.<grid>     case.reported.s01.c02.g05
///     task.<holder>.<street>.<community>.<grid>        task.cg.s01.c02.g05
///
/// A dispatch instance partitioned to street s01 subscribes to `case.reported.s01.`;
/// a department or a staff member to `task.<its identity>.`. Segments are [a-z0-9_-]; `heartbeat.` is reserved.
public struct Topic: Sendable, Hashable, CustomStringConvertible {
    public static let maximumLength = 200
    public let name: String

    public init(_ name: String) throws(EnvelopeError) {
        guard Topic.isValid(name) else { throw .invalidTopic(name) }
        self.name = name
    }

    /// Joins segments without checking them; `Outbox.append` validates every topic before it is
    /// stored, so a contract can build its topic from typed codes and never throw.
    public init(segments: [String]) {
        name = segments.joined(separator: ".")
    }

    /// Throws `invalidTopic` unless the name is lowercase dotted segments of [a-z0-9_-].
    public func validated() throws(EnvelopeError) -> Topic {
        guard Topic.isValid(name) else { throw .invalidTopic(name) }
        return self
    }

    public var description: String { name }

    public func hasPrefix(_ prefix: String) -> Bool { name.hasPrefix(prefix) }

    public static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= maximumLength else { return false }
        var segmentLength = 0
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "."):
                if segmentLength == 0 { return false }
                segmentLength = 0
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"):
                segmentLength += 1
            default:
                return false
            }
        }
        return segmentLength > 0
    }
}
