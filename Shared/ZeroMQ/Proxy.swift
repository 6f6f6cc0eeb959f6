import CZeroMQ

/// libzmq's own `zmq_proxy_steerable`: shuttles messages between a frontend and a backend
/// (both directions) until a `TERMINATE` arrives on the control socket or the context ends.
/// Runs on the thread that owns all three sockets.
public enum Proxy {
    public static func run(frontend: Socket, backend: Socket, control: Socket?) throws(ZMQError) {
        do {
            try zmqCall("zmq_proxy_steerable") {
                zmq_proxy_steerable(frontend.handle, backend.handle, nil, control?.handle)
            }
        } catch where error.isTerminated {
            return
        }
    }
}
