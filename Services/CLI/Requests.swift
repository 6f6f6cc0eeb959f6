import Foundation
import ArgumentParser
import Messaging

/// One request frame to a REQ/REP-style endpoint (intake ingest, dispatch commands), on a socket thread.
enum Requests {
    static func ask(_ address: String, _ payload: Data) async throws -> Data {
        do {
            return try await ReplyClient.ask(address, [payload])
        } catch let error as ReplyClient.NoReply {
            throw ValidationError("\(error) — is the suite running (`whistle up`)?")
        }
    }

    /// Prints a JSON reply and fails the command unless `status` is `accepted` or `ok`.
    static func report(_ reply: Data) throws {
        print(String(decoding: reply, as: UTF8.self))
        let status = (try? JSONSerialization.jsonObject(with: reply) as? [String: Any])?["status"] as? String
        guard status == "accepted" || status == "ok" else { throw ExitCodeError.refused }
    }
}

enum ExitCodeError: Error { case refused }
