/// Eight bytes at a time: the tests the JSON reader and writer run over long strings (SWAR — a `UInt64` as eight
/// lanes). Each is exact about whether such a byte exists; which byte it is, the caller finds byte by byte.
enum ByteScan {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `pointer`, in memory order in the lanes (alignment not needed).
    static func word(at pointer: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
    }

    /// Whether some byte of `word` is zero.
    static func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }

    /// Whether some byte of `word` is `byte`.
    static func has(_ byte: UInt8, in word: UInt64) -> Bool { hasZeroByte(word ^ (ones &* UInt64(byte))) }

    /// Whether some byte of `word` is below 0x20 (a control character; bytes of 0x80 and up are not). A borrow only
    /// crosses into the next lane from a lane that is itself below 0x20, so it never invents one.
    static func hasControl(_ word: UInt64) -> Bool { (word &- ones &* 0x20) & ~word & highs != 0 }

    /// Whether none of these bytes needs escaping in a JSON string: no quote, backslash or control character.
    static func isPlainInString(_ word: UInt64) -> Bool {
        !hasControl(word) && !has(UInt8(ascii: "\""), in: word) && !has(UInt8(ascii: "\\"), in: word)
    }

    /// `isPlainInString`, and every byte ASCII.
    static func isPlainASCII(_ word: UInt64) -> Bool { word & highs == 0 && isPlainInString(word) }
}
