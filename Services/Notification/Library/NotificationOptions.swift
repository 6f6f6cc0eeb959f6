public import CityModel
public import ServiceKit
public import WhistleNotificationDomain

/// Notification's own section, `notification:`.
public struct NotificationOptions: ServiceOptions {
    public static let section = "notification"
    /// Webhook attempts before a delivery is marked failed (back-off doubles from 1 s to 60 s).
    public var maxAttempts = 8
    /// Where operators' commands (`notification-command`: redrive) are answered.
    public var commands = "tcp://127.0.0.1:7302"
    /// Recipients' webhook addresses, over the city file's residents': a resident's, a department's, a grid worker's, an
    /// office's or a mediator's, by id — `{r-001: "http://127.0.0.1:9999/hooks/r-001", cg: "https://cg.example.org/whistle"}`.
    public var webhooks: [String: String] = [:]
    /// Recipients' webhook secrets (Standard Webhooks, `whsec_` + base64 of 24–64 bytes): each delivery to them is signed
    /// with every secret listed, so a receiver can rotate — list the new one beside the old until it verifies with the new.
    /// `{r-001: [whsec_…]}`; a resident without one gets unsigned deliveries.
    public var webhookSecrets: [String: [String]] = [:]
    /// Recipients' e-mail addresses, over the city file's residents': anyone's, by id — `{cg: duty@cg.example.org}`.
    public var emails: [String: String] = [:]
    /// The mail server e-mail goes through; without one nobody is e-mailed.
    public var smtp = SMTPOptions()
    /// Intake's HTTP address (`http://127.0.0.1:7351`): with it and a mail server, Open311 requesters who left an e-mail
    /// hear by e-mail — notification asks intake for the address as each message goes (`GET /requesters/<reference>`).
    public var intake: String?
    /// Recipients' mobile numbers, over the city file's residents': anyone's, by id — `{gw-g01: '13900000001'}`.
    public var phones: [String: String] = [:]
    /// The text-message gateway; without one nobody gets SMS.
    public var sms = SMSOptions()
    /// Operators' texts, over the built-in ones: kind → language → `default` or a channel → a mustache template naming
    /// only what the kind's notice carries (`docs/protocol.md` lists it) — `{task-assigned: {zh-CN: {sms: "新任务{{task}}…"}}}`.
    /// A template that does not parse, or names anything else, stops the start with its key.
    public var templates: [String: [String: [String: String]]] = [:]
    /// How often the digests falling due are looked for: a digest goes at most this late.
    public var digestTickMilliseconds = 1_000

    public init() {}

    /// Where everyone hears: the city file's residents' webhooks, e-mail addresses and mobile numbers, with these over
    /// them (no e-mail without a mail server, no SMS without a gateway).
    public func addresses(over city: City) -> Addressbook {
        var book = Addressbook()
        for resident in city.residents {
            book.webhooks[resident.id] = resident.webhook
            book.emails[resident.id] = resident.email
            book.phones[resident.id] = resident.phone
        }
        for officer in city.departments.flatMap({ $0.duty ?? [] }) { book.phones[officer.id] = officer.phone }
        book.webhooks.merge(webhooks) { $1 }
        book.emails = smtp.host == nil ? [:] : book.emails.merging(emails) { $1 }
        book.requesters = smtp.host != nil && intake != nil
        (book.mail, book.sms) = (smtp.host != nil, sms.url != nil)
        book.phones = sms.url == nil ? [:] : book.phones.merging(phones) { $1 }
        return book
    }

    public func validate() throws(ConfigurationError) {
        guard (1...50).contains(maxAttempts) else { throw .invalid(key: "notification.maxAttempts", reason: "must be between 1 and 50") }
        try ServiceSettings<Self>.check(address: commands, key: "notification.commands")
        for (resident, url) in webhooks where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw .invalid(key: "notification.webhooks.\(resident)", reason: "'\(url)' is not an http(s) URL")
        }
        for (recipient, address) in emails where !SMTPOptions.isAddress(address) {
            throw .invalid(key: "notification.emails.\(recipient)", reason: "'\(address)' is not an e-mail address")
        }
        try smtp.validate()
        if let intake, !(intake.hasPrefix("http://") || intake.hasPrefix("https://")) {
            throw .invalid(key: "notification.intake", reason: "'\(intake)' is not an http(s) URL")
        }
        for (recipient, phone) in phones where !RecipientChannels.isMobileNumber(phone) {
            throw .invalid(key: "notification.phones.\(recipient)", reason: "'\(phone)' is not a mobile number")
        }
        try sms.validate()
        do { _ = try TemplateBook(overrides: templates) } catch { throw .invalid(key: error.key, reason: error.reason) }
        guard (10...60_000).contains(digestTickMilliseconds) else {
            throw .invalid(key: "notification.digestTickMilliseconds", reason: "must be between 10 and 60000")
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
