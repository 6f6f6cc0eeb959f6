import Foundation
import Synchronization
import ZeroMQ

/// One request frame to a REQ/REP-style endpoint (intake ingest, dispatch commands), on a socket thread.
enum Requests {
    struct NoReply: Error, CustomStringConvertible {
        let address: String
        var description: String { "no answer from \(address) within 10 s — is the suite running (`whistle up`)?" }
    }

    static func ask(_ address: String, _ payload: Data) async throws -> Data {
        let result = Mutex<Result<Data, any Error>?>(nil)
        await SocketThread(name: "whistle-request") {
            result.withLock { $0 = Result {
                let context = try ZMQContext()
                let socket = try context.socket(.req)
                defer { socket.close() }
                try socket.setReceiveTimeout(milliseconds: 10_000)
                try socket.attach(.connect(address))
                try socket.send([payload])
                guard let reply = try socket.receive() else { throw NoReply(address: address) }
                return reply.last ?? Data()
            } }
        }.finish()
        return try result.withLock { $0! }.get()
    }

    /// Prints a JSON reply and fails the command unless `status` is `accepted` or `ok`.
    static func report(_ reply: Data) throws {
        print(String(decoding: reply, as: UTF8.self))
        let status = (try? JSONSerialization.jsonObject(with: reply) as? [String: Any])?["status"] as? String
        guard status == "accepted" || status == "ok" else { throw ExitCodeError.refused }
    }
}

enum ExitCodeError: Error { case refused }
