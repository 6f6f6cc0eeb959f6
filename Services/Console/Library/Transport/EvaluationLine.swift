import AsyncHTTPClient
import Contracts
import Envelope
import Foundation
import NIOCore
import NIOHTTP1

/// Where the console reads the evaluation: dispatch's `GET /stats` (any instance answers for the whole city), with
/// the console's own API key and the viewer's area as `area`, so the counting is dispatch's and nobody's copy.
struct EvaluationLine: Sendable {
    /// `http://host:port` of dispatch's HTTP address.
    let base: String
    let apiKey: String?

    /// Why a report did not come: dispatch refused the question (its status and message), or did not answer.
    struct Failure: Error, Sendable {
        var status: Int?
        var message: String
    }

    static let timeout = TimeAmount.seconds(10)
    static let longestBody = 16 * 1024 * 1024

    func report(_ parameters: [(String, String)]) async throws(Failure) -> StatsReport {
        var components = URLComponents()
        components.queryItems = parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        let query = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        var request = HTTPClientRequest(url: base + "/stats?" + query)
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        let (status, body): (UInt, Data)
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: Self.timeout)
            status = response.status.code
            body = Data(try await response.body.collect(upTo: Self.longestBody).readableBytesView)
        } catch {
            throw Failure(status: nil, message: "dispatch did not answer at \(base): \(error)")
        }
        guard status == 200 else {
            let said = String(decoding: body.prefix(400), as: UTF8.self)
            let tree = try? JSONValue.parse(body)      // Hummingbird's {"error":{"message":…}}
            let message = tree?["error"]?["message"]?.stringValue ?? said
            throw Failure(status: Int(status), message: message)
        }
        do {
            return try JSONValueDecoder().decode(StatsReport.self, from: JSONValue.parse(body))
        } catch {
            throw Failure(status: nil, message: "dispatch's report from \(base) could not be read: \(error)")
        }
    }
}
