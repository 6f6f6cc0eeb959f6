public import ZeroMQ
public import ServiceLifecycle

extension SocketThread {
    /// Runs `body` on a new socket thread and waits for it to return, calling `stop` when the
    /// service group shuts down gracefully or the task is cancelled. The one way every socket-owning
    /// service (bus proxy, relay, consumer) runs.
    public static func runAsService(
        name: String, _ body: @escaping @Sendable () -> Void, stop: @escaping @Sendable () -> Void
    ) async {
        let thread = SocketThread(name: name, body)
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await thread.finish()
            } onGracefulShutdown: {
                stop()
            }
        } onCancel: {
            stop()
        }
    }
}

/// A service whose sockets all live on one socket thread: the bus proxy, a relay, a consumer, a reply
/// server. It runs `loop()` there until `stop()` (called on graceful shutdown or cancellation, and never
/// blocking), and reports through `startup` the address it bound or why it could not start; `run()`
/// throws that failure, or why it stopped on its own after it started (`stoppedBy`).
public protocol SocketThreadService: Service, Sendable {
    associatedtype Started: Sendable
    /// The thread's name, for debuggers and logs.
    var threadName: String { get }
    /// Completed once the sockets are up (or failed).
    var startup: StartupSignal<Result<Started, any Error>> { get }
    /// Makes the sockets, serves until asked to stop, closes them.
    func loop()
    /// Asks the loop to finish; must not block.
    func stop()
    /// Why the loop ended on its own after it started, when that is a failure of the service (nil: it was asked to stop).
    var stoppedBy: (any Error)? { get }
}

extension SocketThreadService {
    public var stoppedBy: (any Error)? { nil }

    public func run() async throws {
        await SocketThread.runAsService(name: threadName, { [self] in loop() }, stop: { [self] in stop() })
        if case .failure(let error) = startup.currentValue { throw error }
        if let error = stoppedBy { throw error }
    }
}
