import Foundation
import GRDB
import Synchronization

/// Tells the open pages that the board changed: each change bumps a number, and every page's event stream
/// (Server-Sent Events) waits for the next one. A change is announced only once its transaction commits.
final class LiveFeed: Sendable {
    private struct State {
        var version = 0
        var waiting: [UUID: AsyncStream<Int>.Continuation] = [:]
        var closed = false
        /// A commit of the consumer's open transaction will announce: one observer however many events it applies
        /// (GRDB asks each observer about every statement, so one per event made a batch's cost grow with its square).
        var armed = false
    }
    /// What a stream hears between changes, so a page gone away is noticed and proxies keep the stream open.
    static let keepAliveBeat = -1
    private let state = Mutex(State())

    /// Announces the change once `db`'s transaction commits (nothing if it rolls back).
    func announceAfterCommit(_ db: Database) {
        guard state.withLock({ state in defer { state.armed = true }; return !state.armed }) else { return }
        db.afterNextTransaction { _ in
            self.state.withLock { $0.armed = false }
            self.announce()
        } onRollback: { _ in
            self.state.withLock { $0.armed = false }
        }
    }

    func announce() {
        state.withLock { state in
            state.version += 1
            for continuation in state.waiting.values { continuation.yield(state.version) }
        }
    }

    func keepAlive() {
        state.withLock { state in for continuation in state.waiting.values { continuation.yield(Self.keepAliveBeat) } }
    }

    /// Ends every stream, and every one asked for from now on (the server is shutting down).
    func close() {
        let open = state.withLock { state in
            state.closed = true
            defer { state.waiting = [:] }
            return Array(state.waiting.values)
        }
        for continuation in open { continuation.finish() }
    }

    /// The versions from now on, for one page's stream, until it goes away.
    func changes() -> AsyncStream<Int> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(2))
        continuation.onTermination = { [weak self] _ in _ = self?.state.withLock { $0.waiting.removeValue(forKey: id) } }
        let closed = state.withLock { state in
            if !state.closed { state.waiting[id] = continuation }
            return state.closed
        }
        if closed { continuation.finish() }
        return stream
    }

    /// Open streams, for the metrics and the tests.
    var listeners: Int { state.withLock { $0.waiting.count } }
}
