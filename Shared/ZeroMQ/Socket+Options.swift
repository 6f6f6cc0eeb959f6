import CZeroMQ
public import Foundation

/// Socket options, named for what the suite uses them for.
extension Socket {
    func set(_ option: Int32, int32 value: Int32) throws(ZMQError) {
        var value = value
        try zmqCall("zmq_setsockopt") { zmq_setsockopt(handle, option, &value, MemoryLayout<Int32>.size) }
    }

    func set(_ option: Int32, int64 value: Int64) throws(ZMQError) {
        var value = value
        try zmqCall("zmq_setsockopt") { zmq_setsockopt(handle, option, &value, MemoryLayout<Int64>.size) }
    }

    func set(_ option: Int32, bytes: Data) throws(ZMQError) {
        try zmqCall("zmq_setsockopt") {
            bytes.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        }
    }

    func getInt32(_ option: Int32) throws(ZMQError) -> Int32 {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        try zmqCall("zmq_getsockopt") { zmq_getsockopt(handle, option, &value, &size) }
        return value
    }

    func lastEndpoint() throws(ZMQError) -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        try zmqCall("zmq_getsockopt") { zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Subscribes a SUB socket to every topic starting with `prefix` ("" = everything).
    public func subscribe(_ prefix: String) throws(ZMQError) { try set(ZMQ_SUBSCRIBE, bytes: Data(prefix.utf8)) }
    public func unsubscribe(_ prefix: String) throws(ZMQError) { try set(ZMQ_UNSUBSCRIBE, bytes: Data(prefix.utf8)) }

    /// High-water marks: how many messages queue per peer before PUB drops or others block.
    public func setHighWaterMarks(send: Int32, receive: Int32) throws(ZMQError) {
        try set(ZMQ_SNDHWM, int32: send)
        try set(ZMQ_RCVHWM, int32: receive)
    }

    public func setLinger(milliseconds: Int32) throws(ZMQError) { try set(ZMQ_LINGER, int32: milliseconds) }
    public func setReceiveTimeout(milliseconds: Int32) throws(ZMQError) { try set(ZMQ_RCVTIMEO, int32: milliseconds) }
    public func setSendTimeout(milliseconds: Int32) throws(ZMQError) { try set(ZMQ_SNDTIMEO, int32: milliseconds) }

    /// Peers that send a message larger than this are disconnected by libzmq (-1 = no limit).
    public func setMaximumMessageSize(_ bytes: Int64) throws(ZMQError) { try set(ZMQ_MAXMSGSIZE, int64: bytes) }

    /// ZMTP heartbeats: ping every `interval`, drop the peer when nothing came back within `timeout`.
    public func setHeartbeat(intervalMilliseconds: Int32, timeoutMilliseconds: Int32) throws(ZMQError) {
        try set(ZMQ_HEARTBEAT_IVL, int32: intervalMilliseconds)
        try set(ZMQ_HEARTBEAT_TIMEOUT, int32: timeoutMilliseconds)
        try set(ZMQ_HEARTBEAT_TTL, int32: timeoutMilliseconds)
    }

    /// ROUTER: sending to an unknown identity fails with `EHOSTUNREACH` instead of vanishing.
    public func setRouterMandatory(_ on: Bool) throws(ZMQError) { try set(ZMQ_ROUTER_MANDATORY, int32: on ? 1 : 0) }
    /// Queue messages only to completed connections, so a dead peer does not swallow requests.
    public func setImmediate(_ on: Bool) throws(ZMQError) { try set(ZMQ_IMMEDIATE, int32: on ? 1 : 0) }
    /// XPUB: pass every subscription upstream, duplicates included.
    public func setXPubVerbose(_ on: Bool) throws(ZMQError) { try set(ZMQ_XPUB_VERBOSE, int32: on ? 1 : 0) }
    /// XPUB: pass every subscription and every unsubscription upstream (a forwarder's XSUB counts them, so the two
    /// must balance for a prefix nobody holds any more to leave the publishers).
    public func setXPubVerboser(_ on: Bool) throws(ZMQError) { try set(ZMQ_XPUB_VERBOSER, int32: on ? 1 : 0) }
    /// How long to wait between reconnect attempts, and the back-off ceiling.
    public func setReconnectInterval(milliseconds: Int32, maximum: Int32) throws(ZMQError) {
        try set(ZMQ_RECONNECT_IVL, int32: milliseconds)
        try set(ZMQ_RECONNECT_IVL_MAX, int32: maximum)
    }
    public func setIdentity(_ identity: Data) throws(ZMQError) { try set(ZMQ_ROUTING_ID, bytes: identity) }

    // MARK: CURVE

    /// Makes this socket a CURVE server with its long-term secret key (Z85, 40 characters).
    public func setCurveServer(secretKey: String, zapDomain: String, enforceDomain: Bool = true) throws(ZMQError) {
        try set(ZMQ_CURVE_SERVER, int32: 1)
        try set(ZMQ_CURVE_SECRETKEY, bytes: Data(secretKey.utf8))
        try set(ZMQ_ZAP_DOMAIN, bytes: Data(zapDomain.utf8))
        if enforceDomain { try set(ZMQ_ZAP_ENFORCE_DOMAIN, int32: 1) }
    }

    /// Makes this socket a CURVE client of the server whose public key is given.
    public func setCurveClient(serverPublicKey: String, publicKey: String, secretKey: String) throws(ZMQError) {
        try set(ZMQ_CURVE_SERVERKEY, bytes: Data(serverPublicKey.utf8))
        try set(ZMQ_CURVE_PUBLICKEY, bytes: Data(publicKey.utf8))
        try set(ZMQ_CURVE_SECRETKEY, bytes: Data(secretKey.utf8))
    }

    /// Whether more frames of the current message remain to be read.
    public var hasMoreFrames: Bool { (try? getInt32(ZMQ_RCVMORE)) == 1 }
}

/// A CURVE key pair in Z85 text.
public struct CurveKeyPair: Sendable, Hashable {
    public let publicKey: String
    public let secretKey: String

    public static func generate() throws(ZMQError) -> CurveKeyPair {
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        try zmqCall("zmq_curve_keypair") { zmq_curve_keypair(&publicKey, &secretKey) }
        return CurveKeyPair(publicKey: String(decoding: publicKey.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self), secretKey: String(decoding: secretKey.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
