public import GRDB
public import Logging
public import ServiceLifecycle
public import ZeroMQ
import Synchronization

/// Receives events from the bus and applies each exactly once, in producer order, in the same
/// transaction as the offset that records it. It subscribes before it catches up, notices gaps
/// (a sequence jump, or a heartbeat ahead of it) and fetches missing ranges from the producer's
/// replay endpoint with back-off. All its sockets live on one `SocketThread`.
public final class InboxConsumer: Service, Sendable {
    let configuration: ConsumerConfiguration
    let database: any DatabaseWriter
    let context: ZMQContext
    let logger: Logger
    let handlers: EventHandlers
    public let stats: DeliveryStats
    /// Completed once the subscription is in place (or the consumer failed to start).
    public let subscribed = StartupSignal<Result<Void, any Error>>()
    let stopping = Atomic<Bool>(false)

    public init(
        configuration: ConsumerConfiguration, database: any DatabaseWriter, context: ZMQContext,
        logger: Logger, handlers: EventHandlers
    ) {
        self.configuration = configuration
        self.database = database
        self.context = context
        var logger = logger
        logger[metadataKey: "consumer"] = "\(configuration.name)"
        self.logger = logger
        self.handlers = handlers
        self.stats = DeliveryStats(role: "consumer", name: configuration.name)
    }

    public func run() async throws {
        await SocketThread.runAsService(name: "consumer-\(configuration.name)", { [self] in loop() }, stop: { [self] in stop() })
        if case .failure(let error) = subscribed.currentValue { throw error }
    }

    /// Finishes the batch in hand, commits it, and stops.
    public func stop() { stopping.store(true, ordering: .relaxed) }

    private func loop() {
        do {
            let session = try ConsumerSession(consumer: self)
            subscribed.complete(.success(()))
            try session.run()
        } catch {
            if (error as? ZMQError)?.isTerminated != true { logger.error("consumer stopped", metadata: ["error": "\(error)"]) }
            subscribed.complete(.failure(error))
        }
    }
}
