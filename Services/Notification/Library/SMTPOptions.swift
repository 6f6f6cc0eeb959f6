public import Foundation
public import ServiceKit

/// The mail server notification sends e-mail through, `notification.smtp:` — none (no `host`): nobody is e-mailed.
public struct SMTPOptions: Codable, Sendable, Equatable {
    /// The server (a relay or a submission service); nil: no e-mail is sent.
    public var host: String?
    public var port = 25
    /// The sender: its address (`MAIL FROM` and `From:`, whose domain names the `Message-ID`s) and the name shown.
    public var from = "whistle@localhost"
    public var fromName = "吹哨"
    /// STARTTLS is used whenever the server offers it; with `requireTLS` a server that does not is not sent to (retried).
    public var requireTLS = false
    /// A PEM file of the certificates that may vouch for the server's (instead of the system's).
    public var caFile: String?
    /// AUTH PLAIN's user and password — sent over TLS only.
    public var username, password: String?
    /// Seconds one message may take, from connecting to the server's answer.
    public var timeout: Double = 30

    public init() {}

    func validate() throws(ConfigurationError) {
        guard host != nil else { return }
        guard (1...65_535).contains(port) else { throw .invalid(key: "notification.smtp.port", reason: "\(port) is not a TCP port") }
        guard Self.isAddress(from) else { throw .invalid(key: "notification.smtp.from", reason: "'\(from)' is not an e-mail address") }
        guard (1...600).contains(timeout) else { throw .invalid(key: "notification.smtp.timeout", reason: "must be between 1 and 600 seconds") }
        guard (username == nil) == (password == nil) else {
            throw .invalid(key: "notification.smtp.username", reason: "give both username and password, or neither")
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw .invalid(key: "notification.smtp.caFile", reason: "'\(caFile)' cannot be read")
        }
    }

    /// `local@domain`, printable ASCII without spaces or angle brackets (what `MAIL FROM:<…>` can carry).
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && text.count <= 254
            && text.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7f && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }
}
