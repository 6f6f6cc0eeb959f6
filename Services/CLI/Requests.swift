import ArgumentParser
import AsyncHTTPClient
import Envelope
import Foundation
import Messaging
import NIOCore
import NIOHTTP1
import NIOFoundationCompat

/// One request frame to a request-reply endpoint (intake's ingest, a command endpoint), on a socket thread.
enum Requests {
    /// Sends one request to `server`'s endpoint at `address`, as `security` says (CURVE with its key, or plaintext).
    static func ask(_ address: String, _ payload: Data, security: SocketSecurity = .plaintext, server: String = "") async throws -> Data {
        do {
            return try await ReplyClient.ask(address, [payload], security: security, server: server)
        } catch let error as ReplyClient.NoReply {
            throw CommandFailure("\(error) — is the suite running (`whistle up`)?")
        }
    }

    /// Sends a message's JSON form and prints the JSON reply; fails unless its `status` is `accepted` or `ok`.
    static func send(_ message: some Encodable, to address: String, security: SocketSecurity = .plaintext, server: String = "") async throws {
        let reply = try await ask(address, try JSONValueEncoder().encode(message).jsonData(), security: security, server: server)
        try report(reply)
    }

    /// Prints a JSON reply and fails the command unless `status` is `accepted` or `ok`.
    static func report(_ reply: Data) throws {
        print(String(decoding: reply, as: UTF8.self))
        let status = (try? JSONValue.parse(reply))?["status"]?.stringValue
        guard status == "accepted" || status == "ok" else { throw ExitCode.failure }
    }

    /// GETs a JSON resource from a service's HTTP address: its body, or a clear error naming `what`
    /// (`no <what>` when there is none).
    static func get(_ url: String, what: String, apiKey: String? = nil) async throws -> Data {
        let (status, body) = try await fetch(url, apiKey: apiKey)
        if status == 404 { throw CommandFailure("no \(what) at \(url)") }
        return try answer(status, body, what: what)
    }

    /// GETs `url` (or POSTs `body`, JSON): the status and the body; fails only when nothing answers.
    static func fetch(_ url: String, apiKey: String?, posting body: Data? = nil) async throws -> (UInt, Data) {
        var request = HTTPClientRequest(url: url)
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        if let body {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            return (response.status.code, Data(buffer: try await response.body.collect(upTo: 64 << 20)))
        } catch {
            throw CommandFailure("\(url): \(error) — is the suite running (`whistle up`)?")
        }
    }

    /// A 200's body, or the error the service gave for `what`.
    static func answer(_ status: UInt, _ body: Data, what: String) throws -> Data {
        guard status == 200 else {
            let message = (try? JSONValue.parse(body))?["error"]?["message"]?.stringValue ?? String(decoding: body.prefix(200), as: UTF8.self)
            throw CommandFailure("\(what): HTTP \(status): \(message)")
        }
        return body
    }

    /// A command that could not be carried out (the usage was fine): its message, without the usage text.
    struct CommandFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A fresh command id, when the user gives none.
    static func newCommandID() -> String { "cli-" + UUID().uuidString.lowercased() }
}
