public import ZeroMQ
import ServiceLifecycle

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
