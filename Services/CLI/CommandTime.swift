import ArgumentParser
import Envelope
import Foundation

/// A moment given on the command line: an RFC 3339 time, or `+<seconds>` from now.
enum CommandTime {
    static func parse(_ text: String, option: String) throws -> Date {
        if text.hasPrefix("+"), let seconds = Double(text.dropFirst()) { return Date().addingTimeInterval(seconds) }
        guard let time = RFC3339.parse(text) else { throw ValidationError("--\(option) must be an RFC 3339 time or +<seconds>") }
        return time
    }
}
