import Synchronization

/// The addresses an instance announces in its heartbeats (`commands`, `http` …), filled in once every part of
/// it is up: the assembly's readiness writes it, the relay's socket thread reads it for each heartbeat.
public final class Announcement: Sendable {
    private let addresses = Mutex<[String: String]?>(nil)

    public init() {}

    /// Announces `addresses` from now on.
    public func publish(_ addresses: [String: String]) { self.addresses.withLock { $0 = addresses } }

    /// What is announced: nil until the instance is up.
    public var current: [String: String]? { addresses.withLock { $0 } }
}
