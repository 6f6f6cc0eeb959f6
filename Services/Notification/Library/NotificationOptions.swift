public import CityModel
public import ServiceKit

/// Notification's own section, `notification:`.
public struct NotificationOptions: ServiceOptions {
    public static let section = "notification"
    /// Webhook attempts before a delivery is marked failed (back-off doubles from 1 s to 60 s).
    public var maxAttempts = 8
    /// Recipients' webhook addresses, over the city file's residents': a resident's, a department's, a grid worker's, an
    /// office's or a mediator's, by id — `{r-001: "http://127.0.0.1:9999/hooks/r-001", cg: "https://cg.example.org/whistle"}`.
    public var webhooks: [String: String] = [:]
    /// Recipients' webhook secrets (Standard Webhooks, `whsec_` + base64 of 24–64 bytes): each delivery to them is signed
    /// with every secret listed, so a receiver can rotate — list the new one beside the old until it verifies with the new.
    /// `{r-001: [whsec_…]}`; a resident without one gets unsigned deliveries.
    public var webhookSecrets: [String: [String]] = [:]

    public init() {}

    /// Every resident's webhook address: the city file's, with these over them.
    public func webhooks(over city: City) -> [String: String] {
        var addresses: [String: String] = [:]
        for resident in city.residents { addresses[resident.id] = resident.webhook }
        return addresses.merging(webhooks) { $1 }
    }

    public func validate() throws(ConfigurationError) {
        guard (1...50).contains(maxAttempts) else { throw .invalid(key: "notification.maxAttempts", reason: "must be between 1 and 50") }
        for (resident, url) in webhooks where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw .invalid(key: "notification.webhooks.\(resident)", reason: "'\(url)' is not an http(s) URL")
        }
        for (resident, secrets) in webhookSecrets {
            guard (1...2).contains(secrets.count) else {
                throw .invalid(key: "notification.webhookSecrets.\(resident)", reason: "list one secret, or two while rotating")
            }
            for secret in secrets where WebhookSigner.key(of: secret) == nil {
                throw .invalid(key: "notification.webhookSecrets.\(resident)", reason: "a secret is 'whsec_' and the base64 of 24 to 64 random bytes")
            }
        }
    }
}
