public import GRDB
public import Timekeeping
public import Logging
import ServiceLifecycle
public import ZeroMQ
import Synchronization

/// Receives events from the bus and applies each exactly once, in producer order, in the same
/// transaction as the offset that records it. It subscribes before it catches up, notices gaps
/// (a sequence jump, or a heartbeat ahead of it) and fetches missing ranges from the producer's
/// replay endpoint with back-off. All its sockets live on one `SocketThread`.
public final class InboxConsumer: SocketThreadService {
    let configuration: ConsumerConfiguration
    let database: any DatabaseWriter, context: ZMQContext, logger: Logger
    let handlers: EventHandlers
    let security: SocketSecurity
    /// The service's clock: when offsets moved and events were dead-lettered.
    let clock: any WallClock
    public let stats: DeliveryStats
    /// Where the heartbeats it hears are noted, for the service's HTTP front (nil: nowhere).
    let peers: PeerDirectory?
    /// Completed once the subscription is in place (or the consumer failed to start).
    public let subscribed = StartupSignal<Result<Void, any Error>>()
    let stopping = Atomic<Bool>(false)
    /// Why the consumer stopped on its own after it started (another instance owns its areas).
    private let standDown = Mutex<(any Error)?>(nil)
    public var stoppedBy: (any Error)? { standDown.withLock { $0 } }

    public init(
        configuration: ConsumerConfiguration, database: any DatabaseWriter, context: ZMQContext,
        security: SocketSecurity = .plaintext, clock: any WallClock = SystemClock(), logger: Logger, handlers: EventHandlers,
        peers: PeerDirectory? = nil
    ) {
        self.peers = peers
        (self.configuration, self.database, self.context, self.handlers) = (configuration, database, context, handlers)
        (self.security, self.clock) = (security, clock)
        self.logger = logger.tagged("consumer", configuration.name)
        stats = DeliveryStats(role: "consumer", name: configuration.name)
    }

    public var threadName: String { "consumer-\(configuration.name)" }
    public var startup: StartupSignal<Result<Void, any Error>> { subscribed }

    /// Finishes the batch in hand, commits it, and stops.
    public func stop() { stopping.store(true, ordering: .relaxed) }

    public func loop() {
        do {
            let session = try ConsumerSession(consumer: self)
            subscribed.complete(.success(()))
            try session.run()
        } catch {
            if (error as? ZMQError)?.isTerminated != true { logger.error("consumer stopped", metadata: ["error": "\(error)"]) }
            if error is ClaimConflict { standDown.withLock { $0 = error } }
            subscribed.complete(.failure(error))
        }
    }
}
