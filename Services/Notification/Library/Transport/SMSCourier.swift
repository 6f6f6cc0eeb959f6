import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Timekeeping
import WhistleNotificationDomain

/// A text message: the notice signed and cut into parts (`ShortMessage`), each POSTed to the gateway as the configured
/// template says, in order; delivered when the gateway took every part (2xx), else the first refusal is the attempt's.
/// A retry sends every part again under the same references (`<delivery>-<part>`), so the gateway can drop repeats.
struct SMSCourier: Courier {
    let options: SMSOptions
    let url: String
    let clock: any WallClock

    func carry(_ delivery: DeliveryRecord) async -> AttemptAnswer {
        let parts = ShortMessage.parts(of: delivery.text, signature: options.signature)
        for (index, part) in parts.enumerated() {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            if let username = options.username, let password = options.password {
                request.headers.add(name: "Authorization", value: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
            }
            let values = ["phone": delivery.address ?? "", "text": part, "reference": "\(delivery.id ?? 0)-\(index + 1)", "part": String(index + 1),
                          "parts": String(parts.count)]
            do {
                request.body = .bytes(ByteBuffer(bytes: try Self.body(options.template, values)))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
                _ = try? await response.body.collect(upTo: WebhookCourier.longestBody)
                let status = Int(response.status.code)
                guard (200..<300).contains(status) else {
                    let retryAfter = response.headers.first(name: "Retry-After").flatMap { WebhookCourier.seconds(retryAfter: $0, now: clock.now()) }
                    return AttemptAnswer(status: status, error: "part \(index + 1) of \(parts.count): HTTP \(status)", retryAfter: retryAfter)
                }
            } catch {
                return AttemptAnswer(error: "part \(index + 1) of \(parts.count): \(error)")
            }
        }
        return AttemptAnswer(status: 200)
    }

    /// The template with each string's placeholders filled (JSON-escaped, as the values go inside strings).
    static func body(_ template: String, _ values: [String: String]) throws -> Data {
        let object = try JSONSerialization.jsonObject(with: Data(template.utf8))
        return try JSONSerialization.data(withJSONObject: fill(object, values), options: [.sortedKeys, .withoutEscapingSlashes])
    }

    private static func fill(_ node: Any, _ values: [String: String]) -> Any {
        switch node {
        case let text as String:
            return text.replacing(/\{\{\s*([a-z]+)\s*\}\}/) { match in values[String(match.output.1)] ?? "" }
        case let object as [String: Any]: return object.mapValues { fill($0, values) }
        case let array as [Any]: return array.map { fill($0, values) }
        default: return node
        }
    }
}
