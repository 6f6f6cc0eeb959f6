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

    @Test("long strings are read and written eight bytes at a time: every special byte at every offset is still seen")
    func specialBytesAtEveryOffset() throws {
        let specials: [String] = ["\"", "\\", "\n", "\u{01}", "\u{1F}", "é", "😀", "中", " ", "~", "\u{7F}"]
        for length in 1...40 {
            for special in specials {
                for offset in 0..<length {
                    let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: length - offset - 1)
                    let written = try JSONValue.string(text).jsonData()
                    #expect(try JSONValue.parse(written) == .string(text), "\(length) \(offset) \(special.unicodeScalars.first!.value)")
                    let foundation = try JSONSerialization.jsonObject(with: written, options: .fragmentsAllowed) as? String
                    #expect(foundation == text, "Foundation reads what we write: \(String(decoding: written, as: UTF8.self))")
                }
            }
        }
    }

    @Test("a raw control character, a bare quote or an invalid byte is refused wherever it falls in a long string")
    func rawBytesAtEveryOffset() throws {
        for length in 1...40 {
            for offset in 0..<length {
                func literal(_ byte: UInt8) -> Data {
                    var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                    bytes[offset] = byte
                    return Data([UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")])
                }
                for control: UInt8 in [0x00, 0x09, 0x0A, 0x1F] {
                    #expect(throws: EnvelopeError.self, "0x\(String(control, radix: 16)) at \(offset) of \(length)") { try JSONValue.parse(literal(control)) }
                }
                #expect(throws: EnvelopeError.self, "a quote at \(offset) ends the string early") { try JSONValue.parse(literal(UInt8(ascii: "\""))) }
                do {
                    _ = try JSONValue.parse(literal(0xFF))
                    Issue.record("0xFF at \(offset) of \(length) was read")
                } catch {
                    #expect(error.description.contains("invalid UTF-8 byte 0xFF"), "\(error)")
                }
                #expect(try JSONValue.parse(literal(0x7F)) == .string(String(decoding: literal(0x7F).dropFirst().dropLast(), as: UTF8.self)))
            }
        }
    }

    @Test("numbers: integers print without a fraction, non-finite values are refused")
    func numbers() throws {
        #expect(String(decoding: try JSONValue.array([.number(77), .number(0.5), .number(-3)]).jsonData(), as: UTF8.self) == "[77,0.5,-3]")
        #expect(throws: EnvelopeError.self) { try JSONValue.number(.infinity).jsonData() }
    }
}
