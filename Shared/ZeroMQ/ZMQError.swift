import CZeroMQ
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed libzmq call, with the C `errno` kept as data so callers can tell
/// "try again" (`EAGAIN`), "context terminated" (`ETERM`) and "interrupted" (`EINTR`) apart.
public struct ZMQError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `errno` value libzmq reported.
    public let code: Int32
    /// The libzmq function that failed, for logs.
    public let operation: String
    /// The address a bind or connect was given, when that failed (`tcp://127.0.0.1:7300`).
    public let address: String?

    public init(code: Int32, operation: String, address: String? = nil) {
        self.code = code
        self.operation = operation
        self.address = address
    }

    /// No message available / the send would block (`EAGAIN`).
    public var isAgain: Bool { code == EAGAIN }
    /// The context was shut down; the socket must be closed (`ETERM`).
    public var isTerminated: Bool { code == ETERM }
    /// A signal interrupted the call (`EINTR`); the call may be retried.
    public var isInterrupted: Bool { code == EINTR }
    /// A ROUTER with `ROUTER_MANDATORY` could not route to the peer (`EHOSTUNREACH`).
    public var isUnroutable: Bool { code == EHOSTUNREACH }

    public var description: String {
        "\(operation)\(address.map { " \($0)" } ?? ""): \(String(cString: zmq_strerror(code))) (errno \(code))"
    }
}

/// The one funnel every libzmq call goes through: a negative result becomes a `ZMQError`
/// carrying `zmq_errno()`; anything else is returned unchanged.
@discardableResult
@inline(__always)
func zmqCall(_ operation: StaticString, _ body: () -> Int32) throws(ZMQError) -> Int32 {
    let result = body()
    guard result >= 0 else {
        throw ZMQError(code: zmq_errno(), operation: "\(operation)")
    }
    return result
}

/// The same funnel for calls that return a pointer (`zmq_ctx_new`, `zmq_socket`).
@inline(__always)
func zmqPointer(_ operation: StaticString, _ body: () -> UnsafeMutableRawPointer?) throws(ZMQError) -> UnsafeMutableRawPointer {
    guard let pointer = body() else {
        throw ZMQError(code: zmq_errno(), operation: "\(operation)")
    }
    return pointer
}
