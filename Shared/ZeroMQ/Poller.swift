import CZeroMQ

/// Waits on several sockets (and plain file descriptors, such as an eventfd doorbell) at once.
/// Like the sockets it polls, a poller belongs to one thread.
public struct Poller {
    public enum Item {
        case socket(Socket)
        case fileDescriptor(Int32)
    }

    private var items: [zmq_pollitem_t]

    public init(_ polled: [Item]) {
        items = polled.map { item in
            switch item {
            case .socket(let socket):
                zmq_pollitem_t(socket: socket.handle, fd: -1, events: Int16(ZMQ_POLLIN), revents: 0)
            case .fileDescriptor(let fd):
                zmq_pollitem_t(socket: nil, fd: fd, events: Int16(ZMQ_POLLIN), revents: 0)
            }
        }
    }

    /// Waits up to `timeoutMilliseconds` (-1 = forever) and returns which items are readable,
    /// by index. An interrupted wait (`EINTR`) returns no items rather than throwing.
    public mutating func poll(timeoutMilliseconds: Int) throws(ZMQError) -> [Bool] {
        let count = Int32(items.count)
        do {
            try zmqCall("zmq_poll") { items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, count, timeoutMilliseconds) } }
        } catch where error.isInterrupted {
            return Array(repeating: false, count: items.count)
        }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}
