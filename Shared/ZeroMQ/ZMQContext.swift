import CZeroMQ

/// A libzmq context. Contexts are thread-safe in libzmq, so this type is `Sendable`;
/// sockets made from it are not and stay on the thread that made them.
///
/// Shutdown order: `shutdown()` makes every blocking call on every socket fail with `ETERM`;
/// each owning thread then closes its sockets (linger 0, so nothing waits); `deinit` terminates.
public final class ZMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init(ioThreads: Int32 = 1) throws(ZMQError) {
        handle = try zmqPointer("zmq_ctx_new") { zmq_ctx_new() }
        try zmqCall("zmq_ctx_set") { zmq_ctx_set(handle, ZMQ_IO_THREADS, ioThreads) }
        // Keep the process alive on SIGPIPE-free sockets and let us own signal handling.
        try zmqCall("zmq_ctx_set") { zmq_ctx_set(handle, ZMQ_BLOCKY, 0) }
    }

    /// Interrupts every blocking call in every socket of this context with `ETERM`.
    /// Safe to call more than once, from any thread.
    public func shutdown() {
        _ = zmq_ctx_shutdown(handle)
    }

    /// Makes a socket owned by the calling thread, with linger 0.
    public func socket(_ type: SocketType) throws(ZMQError) -> Socket {
        try Socket(context: self, type: type)
    }

    deinit {
        // zmq_ctx_term blocks until every socket is closed; EINTR means try again.
        while zmq_ctx_term(handle) != 0, zmq_errno() == EINTR {}
    }
}

/// The socket patterns the suite uses.
public enum SocketType: Sendable, CaseIterable {
    case pub, sub, xpub, xsub, router, dealer, push, pull, req, rep, pair

    var rawValue: Int32 {
        switch self {
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .xpub: ZMQ_XPUB
        case .xsub: ZMQ_XSUB
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .pair: ZMQ_PAIR
        }
    }
}
