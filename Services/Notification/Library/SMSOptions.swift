public import Foundation
public import ServiceKit

/// The text-message gateway notification sends SMS through, `notification.sms:` — none (no `url`): nobody gets SMS.
public struct SMSOptions: Codable, Sendable, Equatable {
    /// Where each part is POSTed; nil: no text messages.
    public var url: String?
    /// HTTP Basic credentials, if the gateway wants them.
    public var username, password: String?
    /// The body of each request: a JSON object whose strings may name `{{phone}}`, `{{text}}` (the part), `{{reference}}`
    /// (the delivery and part: `42-1`, the same on every retry), `{{part}}` and `{{parts}}`.
    public var template = #"{"to":"{{phone}}","text":"{{text}}","reference":"{{reference}}"}"#
    /// The signature every message opens with, in 【】.
    public var signature = "吹哨"
    /// Text messages a recipient gets on one day of the city's clock at most (emergencies go past it).
    public var dailyCap = 20

    public init() {}

    /// The placeholders a template may name.
    static let placeholders: Set<String> = ["phone", "text", "reference", "part", "parts"]

    func validate() throws(ConfigurationError) {
        guard let url else { return }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { throw .invalid(key: "notification.sms.url", reason: "'\(url)' is not an http(s) URL") }
        guard (username == nil) == (password == nil) else { throw .invalid(key: "notification.sms.username", reason: "give both username and password, or neither") }
        guard (1...8).contains(signature.count) else { throw .invalid(key: "notification.sms.signature", reason: "1 to 8 characters, shown as 【\(signature)】") }
        guard (1...1_000).contains(dailyCap) else { throw .invalid(key: "notification.sms.dailyCap", reason: "must be between 1 and 1000") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(template.utf8)), object is [String: Any] else {
            throw .invalid(key: "notification.sms.template", reason: "must be a JSON object, as {\"to\":\"{{phone}}\",\"text\":\"{{text}}\"}")
        }
        let named = Set(template.matches(of: /\{\{\s*([^}]*?)\s*\}\}/).map { String($0.output.1) })
        if let unknown = named.subtracting(Self.placeholders).sorted().first {
            throw .invalid(key: "notification.sms.template", reason: "names {{\(unknown)}}; a template may name \(Self.placeholders.sorted().map { "{{\($0)}}" }.joined(separator: ", "))")
        }
        guard named.contains("phone"), named.contains("text") else {
            throw .invalid(key: "notification.sms.template", reason: "must name {{phone}} and {{text}}")
        }
    }
}
