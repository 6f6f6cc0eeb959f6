import Crypto
import Foundation

/// HTTP API keys: random, shown once, kept by servers only as SHA-256.
public enum APIKey {
    /// 32 random bytes, base64url without padding.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The hex SHA-256 of a key (lowercase; every request's key is digested, so without `String(format:)`).
    public static func digest(_ key: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var digits: [UInt8] = []
        digits.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(key.utf8)) { digits += [hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]] }
        return String(decoding: digits, as: UTF8.self)
    }
}
