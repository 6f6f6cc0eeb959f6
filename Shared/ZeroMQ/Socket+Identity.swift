import CZeroMQ
public import Foundation

/// One received message and the user id the ZAP handler gave its sender's connection (nil on a
/// connection no handler authenticated, such as plaintext or inproc).
public struct ReceivedMessage {
    public var frames: [Data]
    public var userID: String?
}

/// The first two frames of a message being forwarded, and who sent it; the message is not copied.
public struct MessagePeek {
    public let frameCount: Int
    public let first: Data
    public let second: Data?
    public let userID: String?
}

extension Socket {
    /// Like `receive`, and also the sender's authenticated user id (`User-Id` of the message).
    public func receiveMessage(dontWait: Bool = false) throws(ZMQError) -> ReceivedMessage? {
        var userID: String?
        let frames = try receive(dontWait: dontWait) { message in
            if userID == nil, let value = zmq_msg_gets(message, "User-Id") { userID = String(cString: value) }
        }
        return frames.map { ReceivedMessage(frames: $0, userID: userID) }
    }

    /// Moves one whole message to `destination` without copying it, when `admit` says so after looking at
    /// its first two frames and its sender's user id; otherwise drops it. Returns what `admit` saw, or nil
    /// when nothing was waiting (`dontWait`).
    @discardableResult
    public func forward(to destination: Socket, dontWait: Bool = true, admit: (MessagePeek) -> Bool) throws(ZMQError) -> (MessagePeek, Bool)? {
        var parts: [UnsafeMutablePointer<zmq_msg_t>] = []
        defer {
            for part in parts {
                zmq_msg_close(part)
                part.deallocate()
            }
        }
        var userID: String?
        while true {
            let part = UnsafeMutablePointer<zmq_msg_t>.allocate(capacity: 1)
            zmq_msg_init(part)
            parts.append(part)
            let size = zmq_msg_recv(part, handle, dontWait && parts.count == 1 ? ZMQ_DONTWAIT : 0)
            if size < 0 {
                let error = ZMQError(code: zmq_errno(), operation: "zmq_msg_recv")
                if error.isAgain, parts.count == 1 { return nil }
                if error.isInterrupted { parts.removeLast(); zmq_msg_close(part); part.deallocate(); continue }
                throw error
            }
            if userID == nil, let value = zmq_msg_gets(part, "User-Id") { userID = String(cString: value) }
            if zmq_msg_more(part) == 0 { break }
        }
        func bytes(_ part: UnsafeMutablePointer<zmq_msg_t>) -> Data { Data(bytes: zmq_msg_data(part), count: zmq_msg_size(part)) }
        let peek = MessagePeek(frameCount: parts.count, first: bytes(parts[0]), second: parts.count > 1 ? bytes(parts[1]) : nil, userID: userID)
        guard admit(peek) else { return (peek, false) }
        for (index, part) in parts.enumerated() {
            let flags = index < parts.count - 1 ? ZMQ_SNDMORE : 0
            while zmq_msg_send(part, destination.handle, flags) < 0 {
                let error = ZMQError(code: zmq_errno(), operation: "zmq_msg_send")
                if !error.isInterrupted { throw error }
            }
        }
        return (peek, true)
    }

    /// XPUB: subscriptions reach the application and take effect only when it subscribes them
    /// (`subscribe(bytes:)` right after receiving one applies to the pipe that sent it).
    public func setXPubManual(_ on: Bool) throws(ZMQError) { try set(ZMQ_XPUB_MANUAL, int32: on ? 1 : 0) }

    /// Subscribes (or, on a manual XPUB, admits a subscription) with a prefix of any bytes.
    public func subscribe(bytes prefix: Data) throws(ZMQError) { try set(ZMQ_SUBSCRIBE, bytes: prefix) }
    public func unsubscribe(bytes prefix: Data) throws(ZMQError) { try set(ZMQ_UNSUBSCRIBE, bytes: prefix) }
}

/// Z85, the text form of 32-byte CURVE keys.
public enum Z85 {
    /// 32 key bytes as 40 characters.
    public static func encode(_ key: Data) -> String? {
        guard key.count == 32 else { return nil }
        var text = [CChar](repeating: 0, count: 41)
        let done = key.withUnsafeBytes { zmq_z85_encode(&text, $0.bindMemory(to: UInt8.self).baseAddress, 32) }
        guard done != nil else { return nil }
        return String(decoding: text.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The public key of a secret key (both Z85).
    public static func publicKey(ofSecret secret: String) -> String? {
        guard secret.utf8.count == 40 else { return nil }
        var text = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&text, secret) == 0 else { return nil }
        return String(decoding: text.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `text` is 40 Z85 characters that decode to a key.
    public static func isKey(_ text: String) -> Bool {
        guard text.utf8.count == 40 else { return false }
        var bytes = [UInt8](repeating: 0, count: 32)
        return zmq_z85_decode(&bytes, text) != nil
    }
}
