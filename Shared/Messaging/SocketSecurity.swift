public import Credentials
public import ZeroMQ

/// How a process's sockets are secured: with a keys folder, every listening socket is a CURVE server
/// whose ZAP domain says who may connect, and every connecting socket a CURVE client that must know
/// its server's public key; without one, plaintext (development and tests that do not test security).
public struct SocketSecurity: Sendable {
    /// The allow-list (nil: plaintext).
    public let keyRing: KeyRing?
    /// This process's own key (nil: plaintext).
    public let own: SecretKeyFile?
    /// The identity of the bus's key, which publishers and subscribers connect to.
    public let busIdentity: String

    public static let plaintext = SocketSecurity(keyRing: nil, own: nil)

    public init(keyRing: KeyRing?, own: SecretKeyFile?, busIdentity: String = "bus") {
        (self.keyRing, self.own, self.busIdentity) = (keyRing, own, busIdentity)
    }

    /// Reads a keys folder and this process's own secret from it (`keyRing` shares one already read).
    public init(keys: String, identity: String, busIdentity: String = "bus", keyRing: KeyRing? = nil) throws(CredentialError) {
        let directory = KeyDirectory(keys)
        let ring: KeyRing
        if let keyRing { ring = keyRing } else { ring = try KeyRing(directory) }
        let own = try directory.secret(identity)
        guard ring.certificate(identity: identity)?.publicKey == own.publicKey else {
            throw .invalid("\(directory.certificatePath(identity)) is missing or does not match \(identity)'s secret key")
        }
        (self.keyRing, self.own, self.busIdentity) = (ring, own, busIdentity)
    }

    /// The identity of this process's key, when security is on.
    public var identity: String? { own?.identity }

    public var isOn: Bool { own != nil }

    /// Makes a listening socket a CURVE server of `domain`; the ZAP handler decides who connects.
    public func serve(_ socket: Socket, domain: SecurityDomain) throws(ZMQError) {
        guard let own else { return }
        try socket.setCurveServer(secretKey: own.secretKey, zapDomain: domain.rawValue)
    }

    /// Makes a connecting socket a CURVE client of the server whose key belongs to `identity`.
    public func connect(_ socket: Socket, toServer identity: String) throws(SecurityFailure) {
        guard let own, let keyRing else { return }
        guard let server = keyRing.certificate(identity: identity) else {
            throw SecurityFailure("no certificate for the server '\(identity)' in \(keyRing.directory.publicFolder)")
        }
        do {
            try socket.setCurveClient(serverPublicKey: server.publicKey, publicKey: own.publicKey, secretKey: own.secretKey)
        } catch {
            throw SecurityFailure("could not make a CURVE client of '\(identity)': \(error)")
        }
    }
}

/// A socket that cannot be secured as configured.
public struct SecurityFailure: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
