import AsyncHTTPClient
import Contracts
import Envelope
import Foundation
import NIOCore
import NIOHTTP1

/// The services the console reads over HTTP: dispatch's evaluation, mediation's proposals and agreements, intake's devices.
struct ServiceReads: Sendable {
    let dispatch, mediation, intake: ReadLine
}

/// A service's HTTP reads as the console asks them, with the console's own API key: dispatch's evaluation
/// (`GET /stats`, with the viewer's area as `area`), mediation's proposals and agreements. The counting and the
/// documents stay the owner's; the console checks who may see them.
struct ReadLine: Sendable {
    /// `http://host:port` of the service's HTTP address.
    let base: String
    let apiKey: String?
    /// The owner's name, for what the page says when it does not answer.
    let service: String

    /// Why a read did not come: the service refused it (its status and message), or did not answer.
    struct Failure: Error, Sendable {
        var status: Int?
        var message: String
    }

    static let timeout = TimeAmount.seconds(10)
    static let longestBody = 16 * 1024 * 1024

    /// The body of a 200 for `path` (with its query, already encoded).
    func get(_ path: String) async throws(Failure) -> Data {
        var request = HTTPClientRequest(url: base + path)
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        let (status, body): (UInt, Data)
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: Self.timeout)
            status = response.status.code
            body = Data(try await response.body.collect(upTo: Self.longestBody).readableBytesView)
        } catch {
            throw Failure(status: nil, message: "\(service) did not answer at \(base): \(error)")
        }
        guard status == 200 else {
            let tree = try? JSONValue.parse(body)      // Hummingbird's {"error":{"message":…}}
            throw Failure(status: Int(status), message: tree?["error"]?["message"]?.stringValue ?? String(decoding: body.prefix(400), as: UTF8.self))
        }
        return body
    }

    /// A message the service answers with, decoded.
    func read<Message: MessageContract>(_ type: Message.Type, _ path: String) async throws(Failure) -> Message {
        let body = try await get(path)
        do {
            return try JSONValueDecoder().decode(Message.self, from: JSONValue.parse(body))
        } catch {
            throw Failure(status: nil, message: "\(service)'s \(Message.messageName) from \(base) could not be read: \(error)")
        }
    }

    /// Dispatch's evaluation for these parameters.
    func report(_ parameters: [(String, String)]) async throws(Failure) -> StatsReport {
        var components = URLComponents()
        components.queryItems = parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        return try await read(StatsReport.self, "/stats?" + (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B"))
    }

    /// A path segment made safe (an id from a page's address).
    static func segment(_ id: String) -> String { id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_."))) ?? id }
}
