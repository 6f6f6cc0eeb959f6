import Crypto
import Foundation

/// Signs a webhook delivery as Standard Webhooks says (standardwebhooks.com): `webhook-id` (the delivery, stable across
/// retries), `webhook-timestamp` (the attempt, Unix seconds) and, for a recipient with secrets, `webhook-signature` —
/// `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` under each of their secrets, space-separated, so a receiver
/// rotating its secret verifies with either the old or the new one.
struct WebhookSigner: Sendable {
    /// Each recipient's keys (the secrets' bytes), in the order configured.
    let keys: [String: [Data]]

    /// `secrets`: recipient → `whsec_<base64>` secrets, as `NotificationOptions` validated them.
    init(secrets: [String: [String]]) {
        keys = secrets.compactMapValues { list in
            let keys = list.compactMap { WebhookSigner.key(of: $0) }
            return keys.isEmpty ? nil : keys
        }
    }

    /// The headers of one attempt to deliver `body` to `recipient`.
    func headers(recipient: String, delivery: String, at time: Date, body: Data) -> [(name: String, value: String)] {
        let timestamp = String(Int(time.timeIntervalSince1970.rounded(.down)))
        var headers = [(name: "webhook-id", value: delivery), (name: "webhook-timestamp", value: timestamp)]
        if let keys = keys[recipient] {
            let signed = Data("\(delivery).\(timestamp).".utf8) + body
            let signatures = keys.map { "v1," + Data(HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: $0))).base64EncodedString() }
            headers.append((name: "webhook-signature", value: signatures.joined(separator: " ")))
        }
        return headers
    }

    /// A `whsec_` secret's key: the base64 after the prefix, 24 to 64 bytes; nil when it is not one.
    static func key(of secret: String) -> Data? {
        guard secret.hasPrefix("whsec_") else { return nil }
        var encoded = String(secret.dropFirst(6))
        while encoded.count % 4 != 0 { encoded += "=" }
        guard let bytes = Data(base64Encoded: encoded), (24...64).contains(bytes.count) else { return nil }
        return bytes
    }
}
