public import Envelope
public import Foundation
import Yams

/// Loads a service's configuration from one YAML file plus environment overrides, and validates
/// it before anything starts.
///
/// An override names a key path in SCREAMING_SNAKE_CASE after a prefix, with `__` between
/// levels: `WHISTLE_BUS__PUBLISH=tcp://10.0.0.5:7100` sets `bus.publish`;
/// `WHISTLE_DATA_DIRECTORY=/var/lib/whistle` sets `dataDirectory`. Values are read as YAML
/// scalars, so numbers and booleans work.
public struct ConfigurationLoader: Sendable {
    public var environmentPrefix: String
    public var environment: [String: String]

    public init(environmentPrefix: String = "WHISTLE_", environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environmentPrefix = environmentPrefix
        self.environment = environment
    }

    /// Starts from the type's defaults, lays `file` (if any) over them, applies overrides, decodes and validates.
    public func load<C: ServiceConfiguration>(_ type: C.Type, file: String?) throws(ConfigurationError) -> C {
        var root = Self.node(C.defaults).mapping ?? Node.Mapping([])
        if let file {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
                throw .unreadableFile(path: file, reason: "\(error.localizedDescription)")
            }
            do {
                guard let node = try Yams.compose(yaml: text) else { throw ConfigurationError.notAMapping(path: file) }
                guard let mapping = node.mapping else { throw ConfigurationError.notAMapping(path: file) }
                root = Self.merging(mapping, over: root)
            } catch let error as ConfigurationError {
                throw error
            } catch {
                throw .invalidYAML(path: file, reason: "\(error)")
            }
        }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) where name.hasPrefix(environmentPrefix) {
            let path = name.dropFirst(environmentPrefix.count).components(separatedBy: "__").map(Self.camelCase)
            guard !path.contains(where: \.isEmpty) else { continue }
            let scalar = (try? Yams.compose(yaml: value)) ?? Node(value)
            root = Self.setting(scalar, at: path[...], in: root)
        }
        let configuration: C
        do {
            configuration = try YAMLDecoder().decode(C.self, from: Node.mapping(root))
        } catch let DecodingError.keyNotFound(key, context) {
            throw missing(context.codingPath + [key])
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            throw .invalid(key: Self.keyPath(context.codingPath), reason: context.debugDescription)
        } catch let DecodingError.valueNotFound(_, context) {
            throw missing(context.codingPath)
        } catch {
            throw .invalid(key: "?", reason: "\(error)")
        }
        try configuration.validate()
        return configuration
    }

    /// A key path as the messages write it: `bus.publish`, `bus[1].subscribe` inside a list.
    static func keyPath(_ path: [any CodingKey]) -> String {
        path.map { key in key.intValue.map { "[\($0)]" } ?? "." + key.stringValue }.joined().trimmingPrefix(".").description
    }

    /// A missing key and what sets it: its own variable, or — inside a list — the list's variable.
    func missing(_ path: [any CodingKey]) -> ConfigurationError {
        let named = Array(path.prefix { $0.intValue == nil }.map(\.stringValue))
        return .missing(key: Self.keyPath(path), environment: environmentName(named))
    }

    /// The environment variable that overrides a key path.
    public func environmentName(_ path: [String]) -> String {
        environmentPrefix + path.map(Self.screamingSnakeCase).joined(separator: "__")
    }

    static func camelCase(_ snake: String) -> String {
        let words = snake.lowercased().split(separator: "_")
        guard let first = words.first else { return "" }
        return String(first) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func screamingSnakeCase(_ camel: String) -> String {
        var result = ""
        for character in camel {
            if character.isUppercase, !result.isEmpty { result += "_" }
            result += character.uppercased()
        }
        return result
    }

    /// `top` laid over `base`: mappings merge member by member, anything else in `top` wins.
    static func merging(_ top: Node.Mapping, over base: Node.Mapping) -> Node.Mapping {
        var result = base
        for (key, value) in top {
            if let inner = value.mapping, let under = result[key]?.mapping {
                result[key] = .mapping(merging(inner, over: under))
            } else {
                result[key] = value
            }
        }
        return result
    }

    /// A defaults tree as YAML nodes.
    static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: Node("null")
        case .bool(let flag): Node(flag ? "true" : "false")
        case .string(let text): Node(text, Tag(.str))
        case .number: Node(String(decoding: (try? value.jsonData()) ?? Data(), as: UTF8.self))
        case .array(let elements): .sequence(Node.Sequence(elements.map(node)))
        case .object(let members): .mapping(Node.Mapping(members.sorted { $0.key < $1.key }.map { (Node($0.key), node($0.value)) }))
        }
    }

    private static func setting(_ value: Node, at path: ArraySlice<String>, in mapping: Node.Mapping) -> Node.Mapping {
        guard let key = path.first else { return mapping }
        var mapping = mapping
        let keyNode = Node(key)
        if path.count == 1 {
            mapping[keyNode] = value
        } else {
            let child = mapping[keyNode]?.mapping ?? Node.Mapping([])
            mapping[keyNode] = .mapping(setting(value, at: path.dropFirst(), in: child))
        }
        return mapping
    }
}

/// A configuration type that can check itself after decoding.
public protocol ServiceConfiguration: Decodable, Sendable {
    /// Every default, in one place: the file and the environment are laid over these.
    static var defaults: JSONValue { get }
    /// Throws `ConfigurationError.invalid` naming the key and what is wrong with it.
    func validate() throws(ConfigurationError)
}

extension ServiceConfiguration {
    public static var defaults: JSONValue { [:] }
}

/// Why a service refused to start. The description is meant for the operator as is.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    case invalidYAML(path: String, reason: String)
    case notAMapping(path: String)
    case missing(key: String, environment: String)
    case invalid(key: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason): "configuration error: cannot read \(path): \(reason)"
        case .invalidYAML(let path, let reason): "configuration error: \(path) is not valid YAML: \(reason)"
        case .notAMapping(let path): "configuration error: \(path) must be a YAML mapping of keys to values"
        case .missing(let key, let environment): "configuration error: '\(key)' is required (set it in the file or \(environment))"
        case .invalid(let key, let reason): "configuration error: '\(key)' is invalid: \(reason)"
        }
    }
}
