public import Foundation

/// Writes `JSONValue` as compact JSON with sorted keys (so equal values give equal bytes).
extension JSONValue {
    /// Compact JSON with sorted keys; `pretty` indents by two spaces (for files people read and diff).
    public func jsonData(pretty: Bool = false) throws(EnvelopeError) -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        try write(into: &output, indent: pretty ? 0 : nil)
        if pretty { output.append(0x0A) }
        return Data(output)
    }

    func write(into output: inout [UInt8], indent: Int? = nil) throws(EnvelopeError) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value):
            guard value.isFinite else { throw .invalidAttribute(name: "data", reason: "numbers must be finite") }
            if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
                output.append(contentsOf: String(Int64(value)).utf8)
            } else {
                output.append(contentsOf: "\(value)".utf8)
            }
        case .string(let value): JSONValue.writeString(value, into: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(into: &output, indent: indent.map { $0 + 1 })
                try value.write(into: &output, indent: indent.map { $0 + 1 })
            }
            if !values.isEmpty { JSONValue.newline(into: &output, indent: indent) }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONValue.newline(into: &output, indent: indent.map { $0 + 1 })
                JSONValue.writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                try members[key]!.write(into: &output, indent: indent.map { $0 + 1 })
            }
            if !members.isEmpty { JSONValue.newline(into: &output, indent: indent) }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(into output: inout [UInt8], indent: Int?) {
        guard let indent else { return }
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            // Copy runs that need no escaping in one go (found eight bytes at a time); escape the rest byte by byte.
            var start = 0
            var index = 0
            while index < utf8.count {
                if index + 8 <= utf8.count, ByteScan.isPlainInString(ByteScan.word(at: utf8.baseAddress! + index)) {
                    index += 8
                    continue
                }
                let byte = utf8[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                    escape(byte, into: &output)
                    start = index + 1
                }
                index += 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func escape(_ byte: UInt8, into output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
        case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
        case 0x0A: output.append(contentsOf: #"\n"#.utf8)
        case 0x0D: output.append(contentsOf: #"\r"#.utf8)
        case 0x09: output.append(contentsOf: #"\t"#.utf8)
        default:
            let hex = Array("0123456789abcdef".utf8)
            output.append(contentsOf: #"\u00"#.utf8)
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0xF)])
        }
    }
}
