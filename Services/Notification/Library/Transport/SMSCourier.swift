import Foundation
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
        let login = options.username.flatMap { username in options.password.map { "\(username):\($0)" } }
        let headers = login.map { [(name: "Authorization", value: "Basic " + Data($0.utf8).base64EncodedString())] } ?? []
        var said: String?
        for (index, part) in parts.enumerated() {
            let values = ["phone": delivery.address ?? "", "text": part, "reference": "\(delivery.id ?? 0)-\(index + 1)", "part": String(index + 1),
                          "parts": String(parts.count)]
            do {
                let answer = try await JSONPost.send(try Self.body(options.template, values), to: url, headers: headers, now: clock.now())
                said = answer.excerpt
                guard (200..<300).contains(answer.status) else {
                    return AttemptAnswer(status: answer.status, error: "part \(index + 1) of \(parts.count): HTTP \(answer.status)", retryAfter: answer.retryAfter,
                                         response: answer.excerpt)
                }
            } catch {
                return AttemptAnswer(error: "part \(index + 1) of \(parts.count): \(error)")
            }
        }
        return AttemptAnswer(status: 200, response: said)
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
