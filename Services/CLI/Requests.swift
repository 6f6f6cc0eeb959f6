import ArgumentParser
import Envelope
import Foundation
import Messaging

/// One request frame to a request-reply endpoint (intake's ingest, a command endpoint), on a socket thread.
enum Requests {
    static func ask(_ address: String, _ payload: Data) async throws -> Data {
        do {
            return try await ReplyClient.ask(address, [payload])
        } catch let error as ReplyClient.NoReply {
            throw ValidationError("\(error) — is the suite running (`whistle up`)?")
        }
    }

    /// Sends a message's JSON form and prints the JSON reply; fails unless its `status` is `accepted` or `ok`.
    static func send(_ message: some Encodable, to address: String) async throws {
        let reply = try await ask(address, try JSONValueEncoder().encode(message).jsonData())
        try report(reply)
    }

    /// Prints a JSON reply and fails the command unless `status` is `accepted` or `ok`.
    static func report(_ reply: Data) throws {
        print(String(decoding: reply, as: UTF8.self))
        let status = (try? JSONValue.parse(reply))?["status"]?.stringValue
        guard status == "accepted" || status == "ok" else { throw ExitCode.failure }
    }

    /// A fresh command id, when the user gives none.
    static func newCommandID() -> String { "cli-" + UUID().uuidString.lowercased() }
}
