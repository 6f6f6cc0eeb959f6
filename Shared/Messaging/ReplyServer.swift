public import Logging
import ServiceLifecycle
public import ZeroMQ
public import Credentials
public import Foundation
import Synchronization

/// A request-reply endpoint on a ROUTER socket: one frame in, one frame out, for REQ clients
/// (`[identity, "", request]`) and DEALER clients (`[identity, request]`) alike. The answer function
/// runs on the socket's thread with every request waiting at once (up to 64), and commits them before
/// it returns (group commit: one fsync for the burst), so a reply is never sent for work that is not
/// durable. With security on, the socket is a CURVE server of its domain and the answer learns who sent
/// each request (the identity of the key, from ZAP). Every request endpoint of the suite is one.
public final class ReplyServer: SocketThreadService {
    /// Returns the replies, in order, for requests that were waiting together.
    public typealias Answer = @Sendable (_ requests: [Request]) -> [Data]

    /// One request of a batch: its frame (`nil` for the wrong shape) and its sender.
    public struct Request: Sendable {
        public let payload: Data?
        public let sender: String?

        public init(payload: Data?, sender: String?) { (self.payload, self.sender) = (payload, sender) }
    }

    /// The most requests answered together.
    public static let maximumBatch = 64

    let name, bindAddress, advertisedHost: String
    let context: ZMQContext, logger: Logger
    let maximumRequestSize: Int
    let answer: Answer
    let security: SocketSecurity
    let domain: SecurityDomain
    public let stats: DeliveryStats
    /// The address clients connect to, once bound.
    public let endpoint = StartupSignal<Result<String, any Error>>()
    let stopping = Atomic<Bool>(false)

    public init(name: String, context: ZMQContext, bind: String, maximumRequestSize: Int, security: SocketSecurity = .plaintext,
                domain: SecurityDomain, advertisedHost: String = "127.0.0.1", logger: Logger, answer: @escaping Answer) {
        (self.name, self.context, bindAddress, self.maximumRequestSize) = (name, context, bind, maximumRequestSize)
        self.advertisedHost = advertisedHost
        (self.answer, self.logger, stats) = (answer, logger, DeliveryStats(role: "reply", name: name))
        (self.security, self.domain) = (security, domain)
    }

    public var threadName: String { name }
    public var startup: StartupSignal<Result<String, any Error>> { endpoint }
    public func stop() { stopping.store(true, ordering: .relaxed) }

    public func loop() {
        do {
            let router = try context.socket(.router)
            try router.setMaximumMessageSize(Int64(maximumRequestSize))
            try router.setRouterMandatory(true)
            try security.serve(router, domain: domain)
            let watch = try HandshakeWatch.watching(router, server: name, security: security, logger: logger, stats: stats)
            let bound = Endpoint.connectable(boundAddress: try router.attach(.bind(bindAddress)), advertisedHost: advertisedHost)
            endpoint.complete(.success(bound))
            logger.info("reply server listening", metadata: ["server": "\(name)", "endpoint": "\(bound)", "curve": "\(security.isOn)"])
            var poller = Poller([.socket(router)] + (watch.map { [.socket($0.socket)] } ?? []))
            while !stopping.load(ordering: .relaxed) {
                let ready = try poller.poll(timeoutMilliseconds: 100)
                if ready.count > 1, ready[1] { try watch?.drain() }
                guard ready[0] else { continue }
                var waiting: [ReceivedMessage] = []
                while waiting.count < Self.maximumBatch, let message = try router.receiveMessage(dontWait: true) {
                    waiting.append(message)
                }
                serve(waiting, on: router)
            }
            watch?.close()
            router.close()
        } catch {
            if !error.isTerminated { logger.error("reply server stopped", metadata: ["server": "\(name)", "error": "\(error)"]) }
            endpoint.complete(.failure(error))
        }
    }

    /// A REQ client's request comes as `[identity, "", frames…]` and its reply must keep the empty
    /// delimiter, whatever the number of frames after it; a DEALER's comes as `[identity, frames…]`.
    private func serve(_ messages: [ReceivedMessage], on router: Socket) {
        var envelopes: [[Data]] = []
        var requests: [Request] = []
        for message in messages {
            let frames = message.frames
            guard frames.count >= 2 else { continue }
            let envelope = frames[1].isEmpty ? [frames[0], Data()] : [frames[0]]
            envelopes.append(envelope)
            requests.append(Request(payload: frames.count == envelope.count + 1 ? frames[frames.count - 1] : nil, sender: message.userID))
        }
        guard !requests.isEmpty else { return }
        let replies = answer(requests)
        stats.increment("served", by: requests.count)
        if requests.count > 1 { stats.increment("batched", by: requests.count) }
        for (envelope, reply) in zip(envelopes, replies) {
            do {
                try router.send(envelope + [reply], dontWait: true)
            } catch {
                stats.increment("reply_failed")
            }
        }
    }
}
