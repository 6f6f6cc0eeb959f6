import CZeroMQ
import Foundation

/// A connection whose security handshake failed, as a socket monitor reports it.
public struct HandshakeFailure: Sendable, Equatable {
    public let event: UInt16
    public let value: UInt32
    /// The peer's address (`tcp://127.0.0.1:53312`).
    public let address: String

    /// What went wrong, in words an operator can act on.
    public var reason: String {
        switch (Int32(event), Int32(bitPattern: value)) {
        case (ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH):
            "plaintext (or a mechanism other than CURVE) refused"
        case (ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC):
            "cryptographic failure: the client does not hold this server's public key"
        case (ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, _):
            "refused by the ZAP handler (status \(value)); its log line says why"
        case (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, EPIPE), (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, ECONNRESET):
            // The client saw the mismatch first and closed: libzmq reports the broken pipe, not the mechanism.
            "the client hung up during the handshake (typically plaintext, or a mechanism other than CURVE)"
        case (ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, _):
            "protocol error 0x\(String(value, radix: 16)) during the handshake"
        default:
            "handshake failed (event 0x\(String(event, radix: 16)), value \(value))"
        }
    }
}

extension Socket {
    /// Reports this socket's failed handshakes on a PAIR socket the caller polls on the same thread
    /// (`receiveHandshakeFailure`).
    public func monitorHandshakeFailures() throws(ZMQError) -> Socket {
        let address = "inproc://whistle-monitor-\(UUID().uuidString)"
        let events = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
        try zmqCall("zmq_socket_monitor") { zmq_socket_monitor(handle, address, events) }
        let monitor = try context.socket(.pair)
        try monitor.attach(.connect(address))
        return monitor
    }

    /// The next failure on a monitor socket, or nil when none is waiting.
    public func receiveHandshakeFailure() throws(ZMQError) -> HandshakeFailure? {
        guard let frames = try receive(dontWait: true), frames.count >= 2, frames[0].count >= 6 else { return nil }
        let bytes = [UInt8](frames[0])
        let event = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
        let value = UInt32(bytes[2]) | UInt32(bytes[3]) << 8 | UInt32(bytes[4]) << 16 | UInt32(bytes[5]) << 24
        return HandshakeFailure(event: event, value: value, address: String(decoding: frames[1], as: UTF8.self))
    }
}
