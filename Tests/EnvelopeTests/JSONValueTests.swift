import Foundation
import Testing
@testable import Envelope

@Suite("JSON parser and writer")
struct JSONValueTests {
    @Test("parses every kind of value, escapes included, and writes it back the same")
    func roundTrip() throws {
        let text = #"{"a":[1,-2.5,3e2,true,false,null],"b":"q\"\\\/\n\t\u00e9\ud83d\ude00","c":{},"d":[],"e":0}"#
        let value = try JSONValue.parse(Data(text.utf8))
        #expect(value["a"] == .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]))
        #expect(value["b"] == .string("q\"\\/\n\té😀"))
        #expect(try JSONValue.parse(try value.jsonData()) == value)
        let foundation = try JSONSerialization.jsonObject(with: try value.jsonData()) as? [String: Any]
        #expect(foundation?["b"] as? String == "q\"\\/\n\té😀", "Foundation reads what we write")
    }

    @Test("refuses malformed JSON with a position", arguments: [
        "", "{", "{\"a\" 1}", "[1,]", "01", "1.", "-", "\"abc", "\"\u{01}\"", "\"\\x\"", "\"\\ud800\"", "tru", "{} x",
        "[" + String(repeating: "[", count: 100) + String(repeating: "]", count: 101),
    ])
    func refusals(text: String) {
        #expect(throws: EnvelopeError.self) { try JSONValue.parse(Data(text.utf8)) }
    }

    @Test("invalid UTF-8 in a string or a key is refused naming the byte, never replaced by U+FFFD", arguments: [
        ([0x22, 0x61, 0xFF, 0x22], "0xFF"),                                  // "a\xFF"
        ([0x7B, 0x22, 0x6B, 0xC3, 0x22, 0x3A, 0x31, 0x7D], "0xC3"),          // {"k\xC3":1} — a cut two-byte sequence in a key
        ([0x22, 0xED, 0xA0, 0x80, 0x22], "0xED"),                            // an encoded surrogate
        ([0x22, 0xC0, 0xAF, 0x22], "0xC0"),                                  // an overlong '/'
        ([0x22, 0x5C, 0x6E, 0xF8, 0x22], "0xF8"),                            // after an escape (the slow path)
    ] as [([UInt8], String)])
    func invalidUTF8(bytes: [UInt8], named: String) {
        #expect(throws: EnvelopeError.self) { try JSONValue.parse(Data(bytes)) }
        do {
            _ = try JSONValue.parse(Data(bytes))
        } catch {
            #expect(error.description.contains("invalid UTF-8 byte \(named)"), "\(error)")
        }
        #expect((try? JSONValue.parse(Data("\"é😀\"".utf8))) == .string("é😀"), "valid multi-byte text still reads")
    }

    @Test("numbers: integers print without a fraction, non-finite values are refused")
    func numbers() throws {
        #expect(String(decoding: try JSONValue.array([.number(77), .number(0.5), .number(-3)]).jsonData(), as: UTF8.self) == "[77,0.5,-3]")
        #expect(throws: EnvelopeError.self) { try JSONValue.number(.infinity).jsonData() }
    }
}
