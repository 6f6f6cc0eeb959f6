public import Credentials
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization
import UnixSignals
public import ZeroMQ

/// The process's ZAP handler (RFC 27): libzmq asks it about every new connection to a CURVE server
/// socket of its context. It admits only keys whose certificate is in the key ring and whose role may
/// reach the socket's domain, tells libzmq the connection's user id (the identity), and logs every
/// refusal with its reason. SIGHUP reloads the key ring, so a revoked key is refused from its next
/// connection on. It is bound when `init` returns — before any server socket can take a connection,
/// or libzmq would have no one to ask.
public final class ZAPHandler: Service, Sendable {
    public static let address = "inproc://zeromq.zap.01"
    let keyRing: KeyRing
    let logger: Logger
    let answering: ZAPAnswering
    private let thread: SocketThread
    public var stats: DeliveryStats { answering.stats }

    public init(context: ZMQContext, keyRing: KeyRing, logger: Logger) throws {
        (self.keyRing, self.logger) = (keyRing, logger)
        let answering = ZAPAnswering(context: context, keyRing: keyRing, logger: logger)
        self.answering = answering
        thread = SocketThread(name: "zap") { answering.loop() }
        guard answering.bound.wait(timeout: .now() + 10) == .success else { throw SecurityFailure("the ZAP handler did not bind within 10 s") }
        if let error = answering.failure.withLock({ $0 }) { throw error }
    }

    public func stop() { answering.stopping.store(true, ordering: .relaxed) }

    /// Keeps the handler until shutdown, reloading the key ring on every SIGHUP.
    public func run() async throws {
        let reloads = Task { [keyRing, logger] in
            for await _ in await UnixSignalsSequence(trapping: .sighup) {
                do {
                    let count = try keyRing.reload()
                    logger.notice("keys reloaded", metadata: ["certificates": "\(count)"])
                } catch {
                    logger.error("keys not reloaded: the old allow-list stays", metadata: ["error": "\(error)"])
                }
            }
        }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await thread.finish()
            } onGracefulShutdown: { [self] in
                stop()
            }
        } onCancel: { [self] in
            stop()
        }
        reloads.cancel()
    }
}

/// The handler's socket loop, on its own thread, and what it answers.
final class ZAPAnswering: Sendable {
    let context: ZMQContext
    let keyRing: KeyRing
    let logger: Logger
    let stats = DeliveryStats(role: "zap", name: "zap")
    let stopping = Atomic<Bool>(false)
    let bound = DispatchSemaphore(value: 0)
    let failure = Mutex<(any Error)?>(nil)

    init(context: ZMQContext, keyRing: KeyRing, logger: Logger) { (self.context, self.keyRing, self.logger) = (context, keyRing, logger) }

    func loop() {
        do {
            let socket = try context.socket(.rep)
            do {
                try socket.attach(.bind(ZAPHandler.address))
                bound.signal()
            } catch {
                failure.withLock { $0 = error }
                bound.signal()
                return
            }
            var poller = Poller([.socket(socket)])
            while !stopping.load(ordering: .relaxed) {
                guard try poller.poll(timeoutMilliseconds: 100)[0], let request = try socket.receive(dontWait: true) else { continue }
                try socket.send(answer(request))
            }
            socket.close()
        } catch {
            if !error.isTerminated { logger.error("ZAP handler stopped", metadata: ["error": "\(error)"]) }
        }
    }

    /// `[version, request id, domain, address, routing id, mechanism, credentials…]` →
    /// `[version, request id, status, text, user id, metadata]`.
    func answer(_ request: [Data]) -> [Data] {
        guard request.count >= 6 else { return [Data("1.0".utf8), Data(), Data("500".utf8), Data("malformed ZAP request".utf8), Data(), Data()] }
        let (version, id) = (request[0], request[1])
        let domain = String(decoding: request[2], as: UTF8.self), address = String(decoding: request[3], as: UTF8.self)
        let mechanism = String(decoding: request[5], as: UTF8.self)
        func reply(_ status: String, _ text: String, user: String = "") -> [Data] {
            [version, id, Data(status.utf8), Data(text.utf8), Data(user.utf8), Data()]
        }
        func refuse(_ reason: String, key: String = "") -> [Data] {
            stats.increment("refused")
            logger.warning("connection refused", metadata: ["domain": "\(domain)", "peer": "\(address)", "mechanism": "\(mechanism)",
                                                             "key": "\(key)", "reason": "\(reason)"])
            return reply("400", reason)
        }
        guard mechanism == "CURVE", request.count >= 7, let key = Z85.encode(request[6]) else {
            return refuse("plaintext (\(mechanism)) is refused: connect with CURVE and a listed key")
        }
        guard let securityDomain = SecurityDomain(rawValue: domain) else { return refuse("unknown domain '\(domain)'", key: key) }
        if let reason = keyRing.refusal(publicKey: key, domain: securityDomain) { return refuse(reason, key: key) }
        stats.increment("admitted")
        return reply("200", "OK", user: keyRing.certificate(publicKey: key)?.identity ?? "")
    }
}

extension ZAPHandler {
    private static let handlers = Mutex<[ObjectIdentifier: ZAPRegistration]>([:])

    /// The handler of `context`: made on first use with a key ring read from `keys`, and shared by every
    /// service on the same context afterwards (one per process in production; one per suite in tests).
    /// `isNew` says whether it was just made, so that exactly one service runs it.
    public static func shared(context: ZMQContext, keys: String, logger: Logger) throws -> (handler: ZAPHandler, isNew: Bool) {
        try handlers.withLock { table in
            let key = ObjectIdentifier(context)
            if let registration = table[key], registration.context === context { return (registration.handler, false) }
            let handler = try ZAPHandler(context: context, keyRing: try KeyRing(KeyDirectory(keys)), logger: logger)
            table = table.filter { $0.value.context != nil }
            table[key] = ZAPRegistration(context: context, handler: handler)
            return (handler, true)
        }
    }

    /// The key ring this handler checks (services on its context share it, so SIGHUP reaches them all).
    public var allowList: KeyRing { keyRing }
}

private struct ZAPRegistration: Sendable {
    weak var context: ZMQContext?
    let handler: ZAPHandler
}
