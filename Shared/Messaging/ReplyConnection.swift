public import Foundation
public import ZeroMQ
import Synchronization

/// A client that keeps its connection to a `ReplyServer` — as a department's or an app's client does — and
/// sends its requests over it one at a time: one DEALER on a socket thread of its own, woken by a doorbell
/// when a request is waiting. (`ReplyClient.ask` makes a socket per request, as a command-line tool does.)
public final class ReplyConnection: Sendable {
    private let line = Line()
    private let thread: SocketThread

    /// What the caller and the socket thread share: the requests waiting, the doorbell, whether to stop.
    final class Line: Sendable {
        let waiting = Mutex<[(request: [Data], answer: CheckedContinuation<Result<Data, any Error>, Never>)]>([])
        let doorbell = Doorbell()
        let stopping = Atomic<Bool>(false)
    }

    /// Connects a DEALER to `address` (with `security`, as a CURVE client of `server`).
    public init(_ address: String, context: ZMQContext, security: SocketSecurity = .plaintext, server: String = "",
                timeoutMilliseconds: Int = 10_000) {
        let line = line
        thread = SocketThread(name: "reply-connection") {
            Self.serve(address, context: context, security: security, server: server, timeout: timeoutMilliseconds, line: line)
        }
    }

    /// Sends one request and returns the last frame of its reply.
    public func ask(_ frames: [Data]) async throws -> Data {
        let result: Result<Data, any Error> = await withCheckedContinuation { answer in
            line.waiting.withLock { $0.append((frames, answer)) }
            line.doorbell.ring()
        }
        return try result.get()
    }

    /// Closes the connection; requests still waiting are answered with an error.
    public func close() async {
        line.stopping.store(true, ordering: .relaxed)
        line.doorbell.ring()
        await thread.finish()
    }

    private static func serve(_ address: String, context: ZMQContext, security: SocketSecurity, server: String, timeout: Int, line: Line) {
        func failAll(_ error: any Error) {
            for item in line.waiting.withLock({ list in defer { list = [] }; return list }) { item.answer.resume(returning: .failure(error)) }
        }
        do {
            let socket = try context.socket(.dealer)
            defer { socket.close() }
            try socket.setReceiveTimeout(milliseconds: Int32(timeout))
            try security.connect(socket, toServer: server)
            try socket.attach(.connect(address))
            var poller = Poller([.fileDescriptor(line.doorbell.fileDescriptor)])
            while !line.stopping.load(ordering: .relaxed) {
                guard try poller.poll(timeoutMilliseconds: 100)[0] else { continue }
                line.doorbell.clear()
                while let next = line.waiting.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
                    let result = Result { () throws -> Data in
                        try socket.send(next.request)
                        guard let reply = try socket.receive(), let last = reply.last else { throw ReplyClient.NoReply(address: address) }
                        return last
                    }
                    next.answer.resume(returning: result)
                }
            }
            failAll(ReplyClient.NoReply(address: address))
        } catch {
            failAll(error)
        }
    }
}
