public import Foundation
public import Messaging
import ServiceLifecycle
import Synchronization
public import ZeroMQ

/// Group commit for requests that come one by one from async code — Open311's HTTP handlers: each
/// `submit` waits while a thread of its own hands every request waiting at that moment (up to 64) to the
/// desk as one batch, one transaction, then answers them all. A ROUTER's frames need none of this: they
/// wait on the socket, and the reply server hands them over together.
public final class RequestQueue<Endpoint: RequestEndpoint>: SocketThreadService {
    public let desk: RequestDesk<Endpoint>
    let name: String
    private let pending = Mutex<[Waiting]>([])
    private let condition = NSCondition()
    private let stopping = Atomic<Bool>(false)
    public let startup = StartupSignal<Result<Void, any Error>>()

    struct Waiting {
        let request: Endpoint.Request
        let sender: String?
        let answer: CheckedContinuation<Data, Never>
    }

    public init(_ desk: RequestDesk<Endpoint>, name: String) { (self.desk, self.name) = (desk, name) }

    /// The reply to `request` from `sender`, once its batch is committed.
    public func submit(_ request: Endpoint.Request, from sender: String?) async -> Data {
        desk.stats.increment("queued")
        return await withCheckedContinuation { answer in
            condition.lock()
            pending.withLock { $0.append(Waiting(request: request, sender: sender, answer: answer)) }
            condition.signal()
            condition.unlock()
        }
    }

    public var threadName: String { name }

    public func loop() {
        startup.complete(.success(()))
        while true {
            condition.lock()
            while pending.withLock({ $0.isEmpty }) && !stopping.load(ordering: .relaxed) { condition.wait() }
            let batch = pending.withLock { waiting in
                let taken = Array(waiting.prefix(ReplyServer.maximumBatch))
                waiting.removeFirst(taken.count)
                return taken
            }
            condition.unlock()
            if batch.isEmpty { return }        // stopping, and nothing left to answer
            let replies = desk.answer(requests: batch.map { ($0.request, sender: $0.sender) })
            for (waiting, reply) in zip(batch, replies) { waiting.answer.resume(returning: reply) }
        }
    }

    public func stop() {
        stopping.store(true, ordering: .relaxed)
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
