import Foundation

/// Encodes any `Encodable` straight into a `JSONValue` tree, which the envelope's own writer turns into
/// bytes: no Foundation objects in between. Dates become RFC 3339 strings with a zone (`2026-11-23T21:55:17.281Z`),
/// `nil` optionals are left out, and several containers asked of one encoder merge into one object, so a
/// contract can flatten a shared part into its own members.
public struct JSONValueEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> JSONValue {
        if let direct = try JSONValueEncoder.direct(value) { return direct }
        let encoder = TreeEncoder(codingPath: [])
        try value.encode(to: encoder)
        return encoder.node.value
    }

    /// Values that map to one JSON value without going through `encode(to:)`.
    static func direct(_ value: some Encodable) throws -> JSONValue? {
        switch value {
        case let value as String: .string(value)
        case let value as JSONValue: value
        case let value as Date: .string(RFC3339.format(value))
        case let value as Bool: .bool(value)
        case let value as Double: .number(value)
        case let value as Int: .number(Double(value))
        case let value as any BinaryInteger: .number(Double(value))
        case let value as any BinaryFloatingPoint: .number(Double(value))
        default: nil
        }
    }
}

/// A node under construction; containers hold references so nested ones can be filled later.
final class EncodingNode {
    enum Content {
        case empty
        case value(JSONValue)
        case object([String: EncodingNode])
        case array([EncodingNode])
    }

    var content: Content = .empty

    var value: JSONValue {
        switch content {
        case .empty: .object([:])
        case .value(let value): value
        case .object(let members): .object(members.mapValues(\.value))
        case .array(let elements): .array(elements.map(\.value))
        }
    }

    func member(_ key: String) -> EncodingNode {
        var members: [String: EncodingNode] = [:]
        if case .object(let existing) = content { members = existing }
        let child = members[key] ?? EncodingNode()
        members[key] = child
        content = .object(members)
        return child
    }

    func appended() -> EncodingNode {
        var elements: [EncodingNode] = []
        if case .array(let existing) = content { elements = existing }
        let child = EncodingNode()
        elements.append(child)
        content = .array(elements)
        return child
    }

    func makeObject() { if case .object = content {} else { content = .object([:]) } }
    func makeArray() { if case .array = content {} else { content = .array([]) } }

    func store(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        if let direct = try JSONValueEncoder.direct(value) {
            content = .value(direct)
        } else {
            try value.encode(to: TreeEncoder(codingPath: codingPath, node: self))
        }
    }
}

struct TreeEncoder: Encoder {
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let node: EncodingNode

    init(codingPath: [any CodingKey], node: EncodingNode = EncodingNode()) {
        self.codingPath = codingPath
        self.node = node
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(KeyedTreeEncoder<Key>(codingPath: codingPath, node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return UnkeyedTreeEncoder(codingPath: codingPath, node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleTreeEncoder(codingPath: codingPath, node: node) }
}

struct KeyedTreeEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    var codingPath: [any CodingKey]
    let node: EncodingNode

    mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).content = .value(.null) }

    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        try node.member(key.stringValue).store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.member(key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(KeyedTreeEncoder<NestedKey>(codingPath: codingPath + [key], node: child))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.member(key.stringValue)
        child.makeArray()
        return UnkeyedTreeEncoder(codingPath: codingPath + [key], node: child)
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(codingPath: codingPath, node: node.member("super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(codingPath: codingPath + [key], node: node.member(key.stringValue)) }
}

struct UnkeyedTreeEncoder: UnkeyedEncodingContainer {
    var codingPath: [any CodingKey]
    let node: EncodingNode
    var count: Int {
        if case .array(let elements) = node.content { return elements.count }
        return 0
    }

    mutating func encodeNil() throws { node.appended().content = .value(.null) }
    mutating func encode(_ value: some Encodable) throws { try node.appended().store(value, codingPath: codingPath) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appended()
        child.makeObject()
        return KeyedEncodingContainer(KeyedTreeEncoder<NestedKey>(codingPath: codingPath, node: child))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.appended()
        child.makeArray()
        return UnkeyedTreeEncoder(codingPath: codingPath, node: child)
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(codingPath: codingPath, node: node.appended()) }
}

struct SingleTreeEncoder: SingleValueEncodingContainer {
    var codingPath: [any CodingKey]
    let node: EncodingNode

    mutating func encodeNil() throws { node.content = .value(.null) }
    mutating func encode(_ value: some Encodable) throws { try node.store(value, codingPath: codingPath) }
}
