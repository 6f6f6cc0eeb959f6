import Foundation
import Synchronization

/// Decodes any `Decodable` from a `JSONValue` tree that the envelope's byte-level parser already built,
/// so a typed payload costs no second parse. Numbers must be integral for integer fields, dates are
/// RFC 3339 strings with a zone, unknown members are ignored — unless `rejectingUnknownKeys` asks that
/// the top-level object hold no member the type does not read (for commands, where a misspelt field
/// must be an error, not silently dropped).
public struct JSONValueDecoder: Sendable {
    public var rejectingUnknownKeys: Bool

    public init(rejectingUnknownKeys: Bool = false) {
        self.rejectingUnknownKeys = rejectingUnknownKeys
    }

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        let ledger = rejectingUnknownKeys ? KeyLedger() : nil
        let decoded = try TreeDecoder(value: value, codingPath: [], ledger: ledger).decode(type)
        if let ledger, case .object(let members) = value {
            let read = ledger.keys.withLock { $0 }
            if let unknown = members.keys.sorted().first(where: { !read.contains($0) }) {
                throw DecodingError.dataCorrupted(.init(codingPath: [AnyKey(unknown)], debugDescription: "is not a field of this message"))
            }
        }
        return decoded
    }
}

/// The top-level member names a strict decode has read.
final class KeyLedger: Sendable {
    let keys = Mutex<Set<String>>([])
}

/// A coding key named at run time: a member whose name is data (a settings section, an XML element).
public struct AnyKey: CodingKey, Sendable {
    public var stringValue: String
    public var intValue: Int?
    public init(_ string: String) { stringValue = string }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { self.stringValue = "\(intValue)"; self.intValue = intValue }
}

struct TreeDecoder: Decoder {
    let value: JSONValue
    /// The path to the parent and this value's key: the full path is built only when an error needs it.
    let parentPath: [any CodingKey]
    let key: (any CodingKey)?
    /// Set only for the top level of a strict decode.
    let ledger: KeyLedger?
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(value: JSONValue, codingPath: [any CodingKey], ledger: KeyLedger?) {
        (self.value, parentPath, key, self.ledger) = (value, codingPath, nil, ledger)
    }

    init(value: JSONValue, parent: [any CodingKey], key: any CodingKey) {
        (self.value, parentPath, self.key, ledger) = (value, parent, key, nil)
    }

    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }

    func mismatch(_ expected: String) -> DecodingError {
        let found: String = switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
        return .typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(found)"))
    }

    func string() throws -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    func bool() throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("true or false") }
        return flag
    }

    func double() throws -> Double {
        guard case .number(let number) = value else { throw mismatch("a number") }
        return number
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .number(let number) = value else { throw mismatch("an integer") }
        guard let exact = I(exactly: number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "must be a whole number in range"))
        }
        return exact
    }

    /// Dates and trees directly; other types (nested contracts, `ContractEnum`s, arrays) through their own
    /// `init(from:)`, which comes back here for the strings and numbers inside them.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        // The type is checked first, so each bit cast is to the value's own type.
        if T.self == String.self { return unsafeBitCast(try string(), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try double(), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try integer(Int.self), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(), to: T.self) }
        if T.self == JSONValue.self { return unsafeBitCast(value, to: T.self) }
        if T.self == Date.self {
            guard let date = RFC3339.parse(try string()) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "is not an RFC 3339 time with a zone"))
            }
            return unsafeBitCast(date, to: T.self)
        }
        return try T(from: self)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(KeyedTreeDecoder<Key>(members: members, decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch("an array") }
        return UnkeyedTreeDecoder(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleTreeDecoder(decoder: self) }
}

struct KeyedTreeDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    /// The decoder of the object itself.
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }
    var ledger: KeyLedger? { decoder.ledger }

    var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool {
        ledger?.keys.withLock { _ = $0.insert(key.stringValue) }
        return members[key.stringValue] != nil
    }

    private func child(_ key: Key) throws -> TreeDecoder {
        ledger?.keys.withLock { _ = $0.insert(key.stringValue) }
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "is required"))
        }
        return TreeDecoder(value: value, parent: decoder.key == nil ? decoder.parentPath : codingPath, key: key)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        ledger?.keys.withLock { _ = $0.insert(key.stringValue) }
        return members[key.stringValue] == nil || members[key.stringValue] == .null
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).string() }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).bool() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).double() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).integer(Int.self) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }
    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

struct UnkeyedTreeDecoder: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    private mutating func next() throws -> TreeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the array has too few elements"))
        }
        defer { currentIndex += 1 }
        return TreeDecoder(value: elements[currentIndex], codingPath: codingPath + [AnyKey(intValue: currentIndex)!], ledger: nil)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct SingleTreeDecoder: SingleValueDecodingContainer {
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value == .null }
    func decode(_ type: String.Type) throws -> String { try decoder.string() }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.double() }
    func decode(_ type: Int.Type) throws -> Int { try decoder.integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(type) }
    func decode(_ type: Float.Type) throws -> Float { Float(try decoder.double()) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decode(type) }
}

extension DecodingError {
    /// The field a decoding error is about (`data.category`, `task`) and what is wrong with it, in words
    /// a sender can act on.
    public var fieldAndReason: (field: String, reason: String) {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch self {
        case .keyNotFound(let key, let context): return (path(context.codingPath + [key]), "is required")
        case .valueNotFound(_, let context): return (path(context.codingPath), context.debugDescription)
        case .typeMismatch(_, let context): return (path(context.codingPath), context.debugDescription)
        case .dataCorrupted(let context): return (path(context.codingPath), context.debugDescription)
        @unknown default: return ("", "\(self)")
        }
    }
}
