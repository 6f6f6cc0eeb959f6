public import Logging
public import ZeroMQ

/// Watches a CURVE server socket's failed handshakes (plaintext clients, a wrong server key, a key the
/// ZAP handler refused) and logs them with their reason — the 1st, 2nd, 4th, 8th … of each reason, with
/// the count, so a client retrying every 100 ms does not drown the log — so an operator sees who is
/// knocking and why they were turned away. Lives on the socket's thread.
public final class HandshakeWatch {
    /// Poll this beside the watched socket.
    public let socket: Socket
    let server: String
    let logger: Logger
    let stats: DeliveryStats
    private var counts: [String: Int] = [:]

    /// Watches `watched` (named `server` in the log) when security is on; nil otherwise.
    public static func watching(_ watched: Socket, server: String, security: SocketSecurity, logger: Logger,
                                stats: DeliveryStats) throws(ZMQError) -> HandshakeWatch? {
        guard security.isOn else { return nil }
        return HandshakeWatch(socket: try watched.monitorHandshakeFailures(), server: server, logger: logger, stats: stats)
    }

    init(socket: Socket, server: String, logger: Logger, stats: DeliveryStats) {
        (self.socket, self.server, self.logger, self.stats) = (socket, server, logger, stats)
    }

    /// Logs what the monitor reported since the last call.
    public func drain() throws(ZMQError) {
        while let failure = try socket.receiveHandshakeFailure() {
            stats.increment("handshake_failed")
            let count = (counts[failure.reason] ?? 0) + 1
            counts[failure.reason] = count
            guard count & (count - 1) == 0 else { continue }
            logger.warning("connection refused", metadata: ["server": "\(server)", "endpoint": "\(failure.address)", "reason": "\(failure.reason)",
                                                             "count": "\(count)"])
        }
    }

    public func close() { socket.close() }
}
