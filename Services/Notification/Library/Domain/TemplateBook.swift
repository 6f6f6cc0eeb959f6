public import Contracts
import Mustache

/// Every notice's text, by kind × language × channel (swift-mustache, plain text: nothing is HTML-escaped). The built-in
/// texts (`zh-CN`, `en`) are what a kind says anywhere; an operator's templates (`notification.templates`) replace them
/// for a language, on every channel (`default`) or on one (`inbox`, `webhook`, `email`, `sms`). A text is looked for on
/// its channel, then its language's default, then the same in zh-CN. What a kind's notice carries is what its built-in
/// zh-CN text names (and `case` or `proposal`): a template naming anything else does not start.
public struct TemplateBook: Sendable {
    struct Key: Hashable, Sendable {
        var kind: NotificationKind
        var language: Language
        var channel: DeliveryChannel?
    }

    /// A template that cannot be used, with the key it was given under (`notification.templates.<kind>.<language>.<channel>`).
    public struct Fault: Error, CustomStringConvertible {
        public var key, reason: String
        public var description: String { "\(key): \(reason)" }
    }

    let templates: [Key: MustacheTemplate]
    /// The variables each kind's notice carries.
    public let variables: [NotificationKind: Set<String>]

    /// `overrides`: kind → language → `default` or a channel → template, as `notification.templates` has them.
    public init(overrides: [String: [String: [String: String]]] = [:]) throws(Fault) {
        var templates: [Key: MustacheTemplate] = [:]
        var variables: [NotificationKind: Set<String>] = [:]
        let key = "notification.templates"
        for kind in NotificationKind.allCases {
            let subject: Set<String> = Self.aboutProposals.contains(kind) ? ["proposal"] : kind == .digest ? [] : ["case"]
            guard let chinese = Self.chinese[kind], let english = Self.english[kind] else {
                throw Fault(key: "\(key).\(kind.rawValue)", reason: "no built-in text")
            }
            let (compiled, named) = try Self.compile(chinese, key: "\(key).\(kind.rawValue) (built-in zh-CN)")
            variables[kind] = named.union(subject)
            templates[Key(kind: kind, language: .zhCN)] = compiled
            templates[Key(kind: kind, language: .en)] = try Self.checked(english, key: "\(key).\(kind.rawValue) (built-in en)", kind: kind, carries: variables[kind]!)
        }
        for (kindName, languages) in overrides {
            guard let kind = NotificationKind(rawValue: kindName) else {
                throw Fault(key: "\(key).\(kindName)", reason: "'\(kindName)' is not a notification kind (\(NotificationKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            for (languageName, channels) in languages {
                guard let language = Language(rawValue: languageName) else {
                    throw Fault(key: "\(key).\(kindName).\(languageName)", reason: "'\(languageName)' is not a language (zh-CN, en)")
                }
                for (channelName, text) in channels {
                    let at = "\(key).\(kindName).\(languageName).\(channelName)"
                    let channel = DeliveryChannel(rawValue: channelName)
                    guard channel != nil || channelName == "default" else {
                        throw Fault(key: at, reason: "'\(channelName)' is not a channel (default, inbox, webhook, email, sms)")
                    }
                    templates[Key(kind: kind, language: language, channel: channel)] = try Self.checked(text, key: at, kind: kind, carries: variables[kind]!)
                }
            }
        }
        (self.templates, self.variables) = (templates, variables)
    }

    /// The text of a `kind` notice in `language` on `channel`, its variables filled from `context`.
    public func render(_ kind: NotificationKind, _ language: Language, _ channel: DeliveryChannel, _ context: [String: String]) -> String {
        let template = templates[Key(kind: kind, language: language, channel: channel)] ?? templates[Key(kind: kind, language: language)]
            ?? templates[Key(kind: kind, language: .zhCN, channel: channel)] ?? templates[Key(kind: kind, language: .zhCN)]
        return template?.render(context) ?? ""
    }

    /// A `kind` notice's text in every language on every channel, its variables in each language's words.
    public func texts(_ kind: NotificationKind, _ context: (Phrases) -> [String: String]) -> [Language: [DeliveryChannel: String]] {
        Dictionary(uniqueKeysWithValues: Language.allCases.map { language in
            let values = context(.of(language))
            return (language, Dictionary(uniqueKeysWithValues: DeliveryChannel.allCases.map { ($0, render(kind, language, $0, values)) }))
        })
    }

    /// The kinds about a community's proposal.
    static let aboutProposals: Set<NotificationKind> = [.voteOpened, .voteDecided, .proposalCompleted, .proposalPublished]

    private static func checked(_ text: String, key: String, kind: NotificationKind, carries: Set<String>) throws(Fault) -> MustacheTemplate {
        let (template, named) = try compile(text, key: key)
        if let unknown = named.subtracting(carries).sorted().first {
            throw Fault(key: key, reason: "the template names {{\(unknown)}}, which a \(kind.rawValue) notice does not carry (it carries: \(carries.sorted().joined(separator: ", ")))")
        }
        return template
    }

    /// The template as plain text, and the names it looks up — found by rendering it against a recorder, once with every
    /// name set (sections open) and once with none (inverted sections open).
    private static func compile(_ text: String, key: String) throws(Fault) -> (MustacheTemplate, Set<String>) {
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text) } catch {
            throw Fault(key: key, reason: "the template does not parse: \(error)")
        }
        let (full, empty) = (NameRecorder(answer: "x"), NameRecorder(answer: false))
        _ = template.render(full)
        _ = template.render(empty)
        return (template, full.names.union(empty.names))
    }
}

/// Answers every name a template looks up, and keeps the names.
private final class NameRecorder: MustacheParent, @unchecked Sendable {
    var names = Set<String>()
    let answer: Any

    init(answer: Any) { self.answer = answer }

    func child(named name: String) -> Any? {
        names.insert(name)
        return answer
    }
}
