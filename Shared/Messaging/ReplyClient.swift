public import Foundation
public import ZeroMQ
import Synchronization

/// The client side of a `ReplyServer`: one request frame out, one reply frame back, on a socket
/// thread of its own. Used by the CLI and the tests.
public enum ReplyClient {
    public struct NoReply: Error, CustomStringConvertible {
        public let address: String
        public var description: String { "no answer from \(address) within the time-out" }
    }

    /// Sends `frames` from a REQ (or DEALER) socket and returns the last frame of the reply. A new
    /// context is made when none is given. With `security` on, the socket is a CURVE client of the
    /// server whose key is `server`'s.
    public static func ask(
        _ address: String, _ frames: [Data], socketType: SocketType = .req, context: ZMQContext? = nil,
        security: SocketSecurity = .plaintext, server: String = "", timeoutMilliseconds: Int32 = 10_000
    ) async throws -> Data {
        let result = Mutex<Result<Data, any Error>?>(nil)
        await SocketThread(name: "reply-client") {
            result.withLock { $0 = Result {
                let socket = try (context ?? ZMQContext()).socket(socketType)
                defer { socket.close() }
                try socket.setReceiveTimeout(milliseconds: timeoutMilliseconds)
                try security.connect(socket, toServer: server)
                try socket.attach(.connect(address))
                try socket.send(frames)
                guard let reply = try socket.receive(), let last = reply.last else { throw NoReply(address: address) }
                return last
            } }
        }.finish()
        return try result.withLock { $0! }.get()
    }
}
