public import Logging
import ServiceLifecycle
public import ZeroMQ
public import Foundation
import Synchronization

/// A request-reply endpoint on a ROUTER socket: one frame in, one frame out, for REQ clients
/// (`[identity, "", request]`) and DEALER clients (`[identity, request]`) alike. The answer function
/// runs on the socket's thread, one request at a time, and should commit before it returns, so a
/// reply is never sent for work that is not durable. Used by intake's ingest and dispatch's
/// department commands.
public final class ReplyServer: SocketThreadService {
    /// Returns the reply for one request frame; `nil` when the request had the wrong shape.
    public typealias Answer = @Sendable (_ request: Data?) -> Data

    let name, bindAddress: String
    let context: ZMQContext, logger: Logger
    let maximumRequestSize: Int
    let answer: Answer
    public let stats: DeliveryStats
    /// The address clients connect to, once bound.
    public let endpoint = StartupSignal<Result<String, any Error>>()
    let stopping = Atomic<Bool>(false)

    public init(name: String, context: ZMQContext, bind: String, maximumRequestSize: Int, logger: Logger, answer: @escaping Answer) {
        (self.name, self.context, bindAddress, self.maximumRequestSize) = (name, context, bind, maximumRequestSize)
        (self.answer, self.logger, stats) = (answer, logger, DeliveryStats(role: "reply", name: name))
    }

    public var threadName: String { name }
    public var startup: StartupSignal<Result<String, any Error>> { endpoint }
    public func stop() { stopping.store(true, ordering: .relaxed) }

    public func loop() {
        do {
            let router = try context.socket(.router)
            try router.setMaximumMessageSize(Int64(maximumRequestSize))
            try router.setRouterMandatory(true)
            let bound = Endpoint.connectable(boundAddress: try router.attach(.bind(bindAddress)))
            endpoint.complete(.success(bound))
            logger.info("reply server listening", metadata: ["server": "\(name)", "endpoint": "\(bound)"])
            var poller = Poller([.socket(router)])
            while !stopping.load(ordering: .relaxed) {
                guard try poller.poll(timeoutMilliseconds: 100)[0] else { continue }
                while let frames = try router.receive(dontWait: true) { serve(frames, on: router) }
            }
            router.close()
        } catch {
            if !error.isTerminated { logger.error("reply server stopped", metadata: ["server": "\(name)", "error": "\(error)"]) }
            endpoint.complete(.failure(error))
        }
    }

    /// A REQ client's request comes as `[identity, "", frames…]` and its reply must keep the empty
    /// delimiter, whatever the number of frames after it; a DEALER's comes as `[identity, frames…]`.
    private func serve(_ frames: [Data], on router: Socket) {
        guard frames.count >= 2 else { return }
        let envelope = frames[1].isEmpty ? [frames[0], Data()] : [frames[0]]
        let reply = answer(frames.count == envelope.count + 1 ? frames[frames.count - 1] : nil)
        stats.increment("served")
        do {
            try router.send(envelope + [reply], dontWait: true)
        } catch {
            stats.increment("reply_failed")
        }
    }
}
