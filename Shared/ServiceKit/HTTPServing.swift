public import Hummingbird
public import Logging
public import ZeroMQ

/// Runs a Hummingbird router on one address until cancelled: every HTTP server of the suite (operations,
/// Open311) starts, announces and fails the same way.
public enum HTTPServing {
    /// Serves `router` on `host:port` (port 0 picks a free one), completing `announce` with `http://host:port`
    /// once listening, or with the error that stopped it.
    public static func run(_ router: Router<BasicRequestContext>, host: String, port: Int, serverName: String,
                           announce: StartupSignal<Result<String, any Error>>, logger: Logger) async throws {
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: serverName),
            onServerRunning: { channel in announce.complete(.success("http://\(host):\(channel.localAddress?.port ?? 0)")) },
            logger: logger)
        do {
            try await app.run()
        } catch {
            announce.complete(.failure(error))
            throw error
        }
    }
}
