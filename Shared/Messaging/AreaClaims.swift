public import Envelope
import Foundation

/// The areas one instance owns alone, announced in its heartbeats: `dispatch:s01` for a street of
/// dispatch's, `dispatch:*` for every street. Heartbeats are the lease: an instance holds its claims while
/// it beats, about once a second; one that stops (stopped, killed, cut off) holds nothing a second later.
public struct AreaClaims: Sendable, Equatable, Codable {
    /// The claims as heartbeats carry them.
    public let tokens: [String]
    /// When this instance began to hold them (milliseconds since 1970).
    public let since: Int64

    /// `service`'s `streets`, all of them when `streets` is empty.
    public init(service: String, streets: [String], since: Int64) {
        tokens = streets.isEmpty ? ["\(service):*"] : streets.map { "\(service):\($0)" }
        self.since = since
    }

    /// The claims of ours that `others` also holds (`dispatch:*` holds every street of dispatch's).
    public func shared(with others: [String]) -> [String] {
        tokens.filter { mine in others.contains { Self.overlap(mine, $0) } }
    }

    /// The claims of ours that `producer`'s heartbeat also claims — none when it is this instance's own.
    public func contested(by heartbeat: Heartbeat, from producer: String, ownName: String) -> [String] {
        guard producer != ownName, let theirs = heartbeat.claims else { return [] }
        return shared(with: theirs)
    }

    static func overlap(_ one: String, _ other: String) -> Bool {
        let (a, b) = (one.split(separator: ":", maxSplits: 1), other.split(separator: ":", maxSplits: 1))
        guard a.count == 2, b.count == 2, a[0] == b[0] else { return false }
        return a[1] == "*" || b[1] == "*" || a[1] == b[1]
    }

    /// Whether this instance yields to one that holds the same area since `otherSince`: the later claim
    /// stands down, and of two at the same millisecond the one whose name sorts later.
    public func yields(to other: String, since otherSince: Int64?, ownName: String) -> Bool {
        (otherSince ?? .max, other) < (since, ownName)
    }
}

/// Another live instance owns an area this one was told to own.
public struct ClaimConflict: Error, CustomStringConvertible {
    public let instance: String
    public let holder: String
    public let areas: [String]
    public let atStart: Bool

    public var description: String {
        let what = areas.joined(separator: ", ")
        if holder == instance {
            return atStart
                ? "\(instance) is running already (its heartbeat is on the bus): an instance's name, key and data volume belong to "
                    + "one process at a time. Stop it, or make sure its host is gone, before starting it here (docs/operations.md, Moving a partition)"
                : "\(instance) stands down: another \(instance) runs with a newer epoch — the partition moved on and this copy of its "
                    + "store is stale (docs/operations.md, Moving a partition)"
        }
        return atStart
            ? "\(instance) may not own \(what): \(holder) owns it and is running (its heartbeat is on the bus). Two instances may "
                + "never own an area at once: stop \(holder) first, or give \(instance) other streets (docs/operations.md)"
            : "\(instance) stands down: \(holder) has owned \(what) since before it did. Two instances may never own an area at once: "
                + "give each its own streets (docs/operations.md)"
    }
}
