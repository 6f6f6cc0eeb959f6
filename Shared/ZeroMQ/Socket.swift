import CZeroMQ
public import Foundation

/// A libzmq socket. Not `Sendable`: libzmq sockets are not thread-safe, so a socket is made,
/// used and closed on one thread (see `SocketThread`). Linger is 0 from the start so closing
/// never waits for unsent messages.
public final class Socket {
    let handle: UnsafeMutableRawPointer
    public let type: SocketType
    private var isClosed = false
    private let owner = pthread_self()
    /// Kept alive until this socket is gone: `zmq_ctx_term` (the context's deinit) waits for every
    /// socket to close, so a context released before its sockets would hang the process.
    let context: ZMQContext

    init(context: ZMQContext, type: SocketType) throws(ZMQError) {
        self.type = type
        self.context = context
        handle = try zmqPointer("zmq_socket") { zmq_socket(context.handle, type.rawValue) }
        try set(ZMQ_LINGER, int32: 0)
    }

    deinit { close() }

    /// Closes the socket now; later calls do nothing.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        _ = zmq_close(handle)
    }

    private func checkOwner() {
        assert(pthread_equal(owner, pthread_self()) != 0, "a ZeroMQ socket was used from a thread that does not own it")
    }

    // MARK: Attaching

    /// Binds or connects as the endpoint says and returns the address now in use
    /// (for `tcp://host:*`, the ephemeral port that was chosen).
    @discardableResult
    public func attach(_ endpoint: Endpoint) throws(ZMQError) -> String {
        checkOwner()
        do {
            switch endpoint.mode {
            case .bind:
                try zmqCall("zmq_bind") { zmq_bind(handle, endpoint.address) }
                return try lastEndpoint()
            case .connect:
                try zmqCall("zmq_connect") { zmq_connect(handle, endpoint.address) }
                return endpoint.address
            }
        } catch {
            // The address goes with the error: "zmq_bind tcp://127.0.0.1:7300: Address already in use".
            throw ZMQError(code: error.code, operation: error.operation, address: endpoint.address)
        }
    }

    public func disconnect(_ address: String) throws(ZMQError) {
        checkOwner()
        try zmqCall("zmq_disconnect") { zmq_disconnect(handle, address) }
    }

    // MARK: Sending

    /// Sends one multipart message. With `dontWait`, a full queue throws `EAGAIN` instead of blocking.
    public func send(_ frames: [Data], dontWait: Bool = false) throws(ZMQError) {
        checkOwner()
        precondition(!frames.isEmpty, "a ZeroMQ message has at least one frame")
        let base = dontWait ? ZMQ_DONTWAIT : 0
        for (index, frame) in frames.enumerated() {
            let flags = base | (index < frames.count - 1 ? ZMQ_SNDMORE : 0)
            try sendFrame(frame, flags: flags)
        }
    }

    private func sendFrame(_ frame: Data, flags: Int32) throws(ZMQError) {
        while true {
            let result = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            if result >= 0 { return }
            let error = ZMQError(code: zmq_errno(), operation: "zmq_send")
            if error.isInterrupted { continue }
            throw error
        }
    }

    // MARK: Receiving

    /// Receives one whole multipart message through `zmq_msg_t` (no fixed buffer, any size up to
    /// `MAXMSGSIZE`). Returns nil when nothing arrived: `dontWait` with an empty queue, or the
    /// receive timeout passed (both are `EAGAIN`, the one errno that is not an error here).
    public func receive(dontWait: Bool = false) throws(ZMQError) -> [Data]? {
        try receive(dontWait: dontWait) { _ in }
    }

    /// `receive`, showing each frame's `zmq_msg_t` to `inspect` before the next is read (for its properties).
    func receive(dontWait: Bool, inspect: (UnsafeMutablePointer<zmq_msg_t>) -> Void) throws(ZMQError) -> [Data]? {
        checkOwner()
        var frames: [Data] = []
        var message = zmq_msg_t()
        zmq_msg_init(&message)
        defer { zmq_msg_close(&message) }
        while true {
            let flags = (dontWait && frames.isEmpty) ? ZMQ_DONTWAIT : 0
            let size = zmq_msg_recv(&message, handle, flags)
            if size < 0 {
                let error = ZMQError(code: zmq_errno(), operation: "zmq_msg_recv")
                if error.isAgain, frames.isEmpty { return nil }
                if error.isInterrupted { continue }
                throw error
            }
            inspect(&message)
            frames.append(Data(bytes: zmq_msg_data(&message), count: Int(size)))
            if zmq_msg_more(&message) == 0 { return frames }
        }
    }
}
