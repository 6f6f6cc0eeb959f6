import Foundation

/// JSON Schema (draft 2020-12) of a contract, read off its `Decodable` conformance: the type is decoded
/// once from a recorder that notes every member it asks for — its JSON type, whether it is required
/// (`decode`) or optional (`decodeIfPresent`), the allowed values of a `ContractEnum` — so the schema
/// cannot drift from the code that reads the messages.
public enum JSONSchema {
    public static let draft = "https://json-schema.org/draft/2020-12/schema"

    /// The schema of `type`'s JSON form.
    public static func of<T: Decodable>(_ type: T.Type) -> JSONValue { describe(type).schema }

    /// A complete schema document with its `$schema`, `$id`, title and description.
    public static func document<T: Decodable>(
        _ type: T.Type, id: String, title: String, description: String, closed: Bool
    ) -> JSONValue {
        guard case .object(var members) = of(type) else { return of(type) }
        members["$schema"] = .string(draft)
        members["$id"] = .string(id)
        members["title"] = .string(title)
        members["description"] = .string(description)
        if closed { members["additionalProperties"] = .bool(false) }
        return .object(members)
    }

    /// A type's schema and a stand-in value of it (the recorder must hand something back to the decoder).
    static func describe<T: Decodable>(_ type: T.Type) -> (schema: JSONValue, value: T) {
        switch type {
        case is String.Type: return (["type": "string"], "" as! T)
        case is Date.Type: return (["type": "string", "format": "date-time"], Date(timeIntervalSince1970: 0) as! T)
        case is Bool.Type: return (["type": "boolean"], false as! T)
        case is JSONValue.Type: return ([:], JSONValue.null as! T)
        case let choice as any ContractEnum.Type: return enumeration(choice)
        case let integer as any FixedWidthInteger.Type: return (["type": "integer"], integer.init(0) as! T)
        case is Double.Type, is Float.Type: return (["type": "number"], 0.0 as! T)
        case let map as any StringKeyedMap.Type:
            return (["type": "object", "additionalProperties": map.valueSchema], map.empty as! T)
        default:
            let node = SchemaNode()
            guard let value = try? T(from: SchemaRecorder(node: node)) else {
                preconditionFailure("\(T.self) cannot be described as a JSON Schema")
            }
            return (node.schema, value)
        }
    }

    private static func enumeration<T, E: ContractEnum>(_ choice: E.Type) -> (schema: JSONValue, value: T) {
        (["type": "string", "enum": .array(E.allowedValues.map(JSONValue.string))], E.allCases.first! as! T)
    }
}

/// `[String: Value]` members, described as objects whose every member is a `Value`.
protocol StringKeyedMap {
    static var valueSchema: JSONValue { get }
    static var empty: Self { get }
}

extension Dictionary: StringKeyedMap where Key == String, Value: Decodable {
    static var valueSchema: JSONValue { JSONSchema.describe(Value.self).schema }
    static var empty: Self { [:] }
}

/// What the recorder learnt of one JSON value.
final class SchemaNode {
    var properties: [String: JSONValue] = [:]
    var required: [String] = []
    var items: JSONValue?
    var single: JSONValue?

    var schema: JSONValue {
        if let single { return single }
        if let items { return ["type": "array", "items": items] }
        var object: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { object["required"] = .array(required.map(JSONValue.string)) }
        return .object(object)
    }
}

struct SchemaRecorder: Decoder {
    let node: SchemaNode
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(KeyedSchemaRecorder<Key>(node: node))
    }

    func unkeyedContainer() -> any UnkeyedDecodingContainer { UnkeyedSchemaRecorder(node: node) }
    func singleValueContainer() -> any SingleValueDecodingContainer { SingleSchemaRecorder(node: node) }
}

struct KeyedSchemaRecorder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let node: SchemaNode
    var codingPath: [any CodingKey] { [] }
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    func decodeNil(forKey key: Key) -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) -> T {
        let (schema, value) = JSONSchema.describe(type)
        node.properties[key.stringValue] = schema
        if !node.required.contains(key.stringValue) { node.required.append(key.stringValue) }
        return value
    }

    private func optional<T: Decodable>(_ type: T.Type, _ key: Key) -> T? {
        let (schema, value) = JSONSchema.describe(type)
        if node.properties[key.stringValue] == nil { node.properties[key.stringValue] = schema }
        return value
    }

    // The standard library's own `decodeIfPresent` would call `decode` and mark the member required.
    func decodeIfPresent(_ type: String.Type, forKey key: Key) -> String? { optional(type, key) }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) -> Bool? { optional(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) -> Double? { optional(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) -> Float? { optional(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) -> Int? { optional(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) -> Int64? { optional(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) -> UInt64? { optional(type, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) -> T? { optional(type, key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) -> KeyedDecodingContainer<NestedKey> {
        let child = SchemaNode()
        defer { node.properties[key.stringValue] = child.schema }
        return KeyedDecodingContainer(KeyedSchemaRecorder<NestedKey>(node: child))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedDecodingContainer { UnkeyedSchemaRecorder(node: SchemaNode()) }
    func superDecoder() -> any Decoder { SchemaRecorder(node: node) }
    func superDecoder(forKey key: Key) -> any Decoder { SchemaRecorder(node: SchemaNode()) }
}

/// Reports one element, so that an array's decoding loop runs once and names its element type.
struct UnkeyedSchemaRecorder: UnkeyedDecodingContainer {
    let node: SchemaNode
    var codingPath: [any CodingKey] { [] }
    var count: Int? { 1 }
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex > 0 }

    mutating func decodeNil() -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) -> T {
        currentIndex += 1
        let (schema, value) = JSONSchema.describe(type)
        node.items = schema
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) -> KeyedDecodingContainer<NestedKey> {
        currentIndex += 1
        return KeyedDecodingContainer(KeyedSchemaRecorder<NestedKey>(node: SchemaNode()))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedDecodingContainer { currentIndex += 1; return UnkeyedSchemaRecorder(node: SchemaNode()) }
    mutating func superDecoder() -> any Decoder { SchemaRecorder(node: SchemaNode()) }
}

struct SingleSchemaRecorder: SingleValueDecodingContainer {
    let node: SchemaNode
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) -> T {
        let (schema, value) = JSONSchema.describe(type)
        node.single = schema
        return value
    }
}
