public import Logging
import ServiceLifecycle
public import ZeroMQ
public import ServiceKit
import Foundation
public import Messaging
import Synchronization
import Credentials

/// The one well-known address of the suite: an XSUB/XPUB proxy. Publishers connect to the XSUB side,
/// subscribers to the XPUB side; subscriptions flow up, messages flow down. It keeps nothing: restart
/// it at any time and consumers recover what went missing from producers' replay endpoints. Plaintext,
/// it is libzmq's own steerable proxy; with security on, both sides are CURVE servers and the
/// `GuardedProxy` lets a message down only from the service key that owns its producer name and a
/// subscription up only for topics the subscriber's key may read.
public final class Bus: SocketThreadService {
    let addresses: BusAddresses
    let maximumMessageSize: Int
    let context: ZMQContext
    let security: SocketSecurity
    let logger: Logger
    public let stats = DeliveryStats(role: "bus", name: "bus")
    /// The largest message a subscriber may send: a subscription flag and a topic prefix of at most
    /// `Topic.maximumLength` bytes, with room to spare.
    static let maximumSubscriptionSize = 1024
    let controlAddress = "inproc://whistle-bus-control-\(UUID().uuidString)"
    /// The bound publish and subscribe addresses, once the bus is up.
    public let bound = StartupSignal<Result<BusAddresses, any Error>>()
    /// Set once TERMINATE was sent or the proxy ended, so stopping twice is a no-op.
    private let terminated = Atomic<Bool>(false)

    public init(addresses: BusAddresses, maximumMessageSize: Int = ProxyOptions().maximumMessageSize, context: ZMQContext,
                security: SocketSecurity = .plaintext, logger: Logger) {
        (self.addresses, self.maximumMessageSize, self.context, self.security, self.logger) = (addresses, maximumMessageSize, context, security, logger)
    }

    public var threadName: String { "bus-proxy" }
    public var startup: StartupSignal<Result<BusAddresses, any Error>> { bound }
    public func stop() { terminate() }

    public func loop() {
        do {
            let frontend = try context.socket(.xsub)
            let backend = try context.socket(.xpub)
            let control = try context.socket(.pair)
            try frontend.setMaximumMessageSize(Int64(maximumMessageSize))
            // Subscribers send only subscriptions (a flag and a topic prefix of at most 200 bytes): anything
            // bigger gets its sender disconnected before libzmq files it (a 600 KB prefix overflowed the
            // stack of libzmq's subscription trie — found by the network fuzzer).
            try backend.setMaximumMessageSize(Int64(Bus.maximumSubscriptionSize))
            try frontend.setHighWaterMarks(send: 100_000, receive: 500_000)
            try backend.setHighWaterMarks(send: 500_000, receive: 100_000)
            try backend.setHeartbeat(intervalMilliseconds: 2000, timeoutMilliseconds: 10_000)
            try frontend.setHeartbeat(intervalMilliseconds: 2000, timeoutMilliseconds: 10_000)
            try security.serve(frontend, domain: .busPublish)
            try security.serve(backend, domain: .busSubscribe)
            // Every subscription goes up, also one for a prefix somebody already holds: a producer answers a new
            // subscriber with a heartbeat at once, so it must hear of each. Every unsubscription too: the XSUB side
            // counts them and lets a prefix go upstream when the last holder leaves.
            try backend.setXPubVerboser(true)
            if security.isOn { try backend.setXPubManual(true) }
            try control.attach(.bind(controlAddress))
            let bound = BusAddresses(
                publish: Endpoint.connectable(boundAddress: try frontend.attach(.bind(addresses.publish))),
                subscribe: Endpoint.connectable(boundAddress: try backend.attach(.bind(addresses.subscribe))))
            self.bound.complete(.success(bound))
            logger.info("bus proxy started", metadata: ["publish": "\(bound.publish)", "subscribe": "\(bound.subscribe)", "curve": "\(security.isOn)"])
            if let keyRing = security.keyRing {
                try GuardedProxy.run(frontend: frontend, backend: backend, control: control, keyRing: keyRing, security: security,
                                     logger: logger, stats: stats)
            } else {
                try Proxy.run(frontend: frontend, backend: backend, control: control)
            }
            terminated.store(true, ordering: .releasing)
            logger.info("bus proxy stopped")
        } catch {
            logger.error("bus proxy failed", metadata: ["error": "\(error)"])
            bound.complete(.failure(error))
        }
    }

    /// Sends TERMINATE on the proxy's control socket. Never blocks (it runs inside task-cancellation
    /// handlers, which must not wait) and does nothing once the proxy has stopped or was told to.
    /// The sending socket lives only inside this call.
    public func terminate() {
        guard !terminated.exchange(true, ordering: .acquiringAndReleasing) else { return }
        do {
            let control = try context.socket(.pair)
            try control.setLinger(milliseconds: 1000)
            try control.attach(.connect(controlAddress))
            try control.send([Data("TERMINATE".utf8)], dontWait: true)
            control.close()
        } catch {
            logger.warning("bus terminate failed", metadata: ["error": "\(error)"])
        }
    }
}
