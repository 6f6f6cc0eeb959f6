import Foundation

/// Encodes any `Encodable` straight into a `JSONValue` tree, which the envelope's own writer turns into
/// bytes: no Foundation objects in between. Dates become RFC 3339 strings with a zone (`2026-11-23T21:55:17.281Z`),
/// `nil` optionals are left out, and several containers asked of one encoder merge into one object, so a
/// contract can flatten a shared part into its own members. Strings, numbers and booleans take concrete
/// overloads, so encoding a contract costs no runtime casts.
public struct JSONValueEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws -> JSONValue {
        let node = EncodingNode()
        try node.store(value, codingPath: [])
        return node.value
    }
}

/// A value under construction; containers hold references so nested ones can be filled later. Members
/// and elements are mutated in place.
final class EncodingNode {
    enum Slot {
        case value(JSONValue)
        case node(EncodingNode)

        var value: JSONValue {
            switch self {
            case .value(let value): value
            case .node(let node): node.value
            }
        }
    }

    var single: JSONValue?
    /// An object's finished members, and the members still being filled by nested containers.
    var members: [String: JSONValue]?
    var nested: [String: EncodingNode] = [:]
    var elements: [Slot]?

    var value: JSONValue {
        if var members {
            for (key, node) in nested { members[key] = node.value }
            return .object(members)
        }
        if let elements { return .array(elements.map(\.value)) }
        return single ?? .object([:])
    }

    func makeObject() { if members == nil { members = [:] } }
    func makeArray() { if elements == nil { elements = [] } }

    func set(_ key: String, _ slot: Slot) {
        switch slot {
        case .value(let value): members![key] = value
        case .node(let node): nested[key] = node
        }
    }

    func child(_ key: String) -> EncodingNode {
        if let existing = nested[key] { return existing }
        let node = EncodingNode()
        nested[key] = node
        return node
    }

    func appendedChild() -> EncodingNode {
        let node = EncodingNode()
        elements!.append(.node(node))
        return node
    }

    /// Stores a value that is not a plain string, number or boolean.
    func store<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let direct = EncodingNode.direct(value) {
            single = direct
        } else {
            try value.encode(to: TreeEncoder(codingPath: codingPath, node: self))
        }
    }

    /// The JSON of values that are one JSON value without going through `encode(to:)`: dates, trees, and
    /// the odd numeric types that have no overload of their own.
    static func direct<T: Encodable>(_ value: T) -> JSONValue? {
        // The type is checked first, so each bit cast is to the value's own type.
        if T.self == Date.self { return .string(RFC3339.format(unsafeBitCast(value, to: Date.self))) }
        if T.self == JSONValue.self { return unsafeBitCast(value, to: JSONValue.self) }
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Double.self { return .number(unsafeBitCast(value, to: Double.self)) }
        if T.self == Int.self { return .number(Double(unsafeBitCast(value, to: Int.self))) }
        return nil
    }

    func slot<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> Slot {
        if let direct = EncodingNode.direct(value) { return .value(direct) }
        let node = EncodingNode()
        try value.encode(to: TreeEncoder(codingPath: codingPath, node: node))
        return .node(node)
    }
}

struct TreeEncoder: Encoder {
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let node: EncodingNode

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

    mutating func encodeNil(forKey key: Key) throws { node.members![key.stringValue] = .null }
    mutating func encode(_ value: String, forKey key: Key) throws { node.members![key.stringValue] = .string(value) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { node.members![key.stringValue] = .bool(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { node.members![key.stringValue] = .number(value) }
    mutating func encode(_ value: Int, forKey key: Key) throws { node.members![key.stringValue] = .number(Double(value)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        if let direct = EncodingNode.direct(value) { return node.members![key.stringValue] = direct }
        node.set(key.stringValue, try node.slot(value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(KeyedTreeEncoder<NestedKey>(codingPath: codingPath + [key], node: child))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(key.stringValue)
        child.makeArray()
        return UnkeyedTreeEncoder(codingPath: codingPath + [key], node: child)
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(codingPath: codingPath, node: node.child("super")) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(codingPath: codingPath + [key], node: node.child(key.stringValue)) }
}

struct UnkeyedTreeEncoder: UnkeyedEncodingContainer {
    var codingPath: [any CodingKey]
    let node: EncodingNode
    var count: Int { node.elements?.count ?? 0 }

    mutating func encodeNil() throws { node.elements!.append(.value(.null)) }
    mutating func encode(_ value: String) throws { node.elements!.append(.value(.string(value))) }
    mutating func encode(_ value: Double) throws { node.elements!.append(.value(.number(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { node.elements!.append(try node.slot(value, codingPath: codingPath)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appendedChild()
        child.makeObject()
        return KeyedEncodingContainer(KeyedTreeEncoder<NestedKey>(codingPath: codingPath, node: child))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.appendedChild()
        child.makeArray()
        return UnkeyedTreeEncoder(codingPath: codingPath, node: child)
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(codingPath: codingPath, node: node.appendedChild()) }
}

struct SingleTreeEncoder: SingleValueEncodingContainer {
    var codingPath: [any CodingKey]
    let node: EncodingNode

    mutating func encodeNil() throws { node.single = .null }
    mutating func encode(_ value: String) throws { node.single = .string(value) }
    mutating func encode(_ value: Bool) throws { node.single = .bool(value) }
    mutating func encode(_ value: Double) throws { node.single = .number(value) }
    mutating func encode(_ value: Int) throws { node.single = .number(Double(value)) }
    mutating func encode(_ value: Int8) throws { node.single = .number(Double(value)) }
    mutating func encode(_ value: Int16) throws { node.single = .number(Double(value)) }
    mutating func encode(_ value: Int32) throws { node.single = .number(Double(value)) }
    mutating func encode(_ value: Int64) throws { node.single = .number(Double(value)) }
    mutating func encode(_ value: UInt) throws { node.single = .number(Double(value)) }
    mutating func encode(_ value: UInt8) throws { node.single = .number(Double(value)) }
    mutating func encode(_ value: UInt16) throws { node.single = .number(Double(value)) }
    mutating func encode(_ value: UInt32) throws { node.single = .number(Double(value)) }
    mutating func encode(_ value: UInt64) throws { node.single = .number(Double(value)) }
    mutating func encode(_ value: Float) throws { node.single = .number(Double(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        if let direct = EncodingNode.direct(value) {
            node.single = direct
        } else {
            try value.encode(to: TreeEncoder(codingPath: codingPath, node: node))
        }
    }
}
