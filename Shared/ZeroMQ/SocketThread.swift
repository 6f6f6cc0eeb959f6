import CZeroMQ
import Foundation
import Synchronization

/// A dedicated OS thread for code that owns ZeroMQ sockets. Swift tasks hop threads, and libzmq
/// sockets must not, so every socket loop in the suite runs in one of these: the body makes its
/// sockets, uses them, and closes them before it returns. Only `Sendable` values go in or out.
public final class SocketThread: Sendable {
    private let finished = Mutex<Bool>(false)
    private let condition = NSCondition()
    private let waiters = Mutex<[CheckedContinuation<Void, Never>]>([])

    /// Starts `body` on a new thread named `name`.
    public init(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            // The OS's name for the thread (top -H, perf, gdb): at most 15 bytes.
            whistle_name_thread(name)
            body()
            self.markFinished()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
    }

    private func markFinished() {
        condition.lock()
        finished.withLock { $0 = true }
        condition.broadcast()
        condition.unlock()
        for waiter in waiters.withLock({ list in defer { list = [] }; return list }) { waiter.resume() }
    }

    public var isFinished: Bool { finished.withLock { $0 } }

    /// Blocks the calling thread until the body has returned.
    public func join() {
        condition.lock()
        while !finished.withLock({ $0 }) { condition.wait() }
        condition.unlock()
    }

    /// Suspends the calling task until the body has returned.
    public func finish() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyDone = finished.withLock { done -> Bool in
                if !done { waiters.withLock { $0.append(continuation) } }
                return done
            }
            if alreadyDone { continuation.resume() }
        }
    }
}
