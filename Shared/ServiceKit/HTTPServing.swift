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
            // Before it listened, the failure is the address's: "cannot listen on 127.0.0.1:7401: … Address already in use".
            let failure: any Error = announce.isComplete ? error : CannotListen(address: "\(host):\(port)", reason: "\(error)")
            announce.complete(.failure(failure))
            throw failure
        }
    }
}

/// An HTTP server could not listen on its address (held by another process, or not this host's).
public struct CannotListen: Error, CustomStringConvertible {
    public let address: String
    public let reason: String
    public var description: String { "cannot listen on \(address): \(reason)" }
}
