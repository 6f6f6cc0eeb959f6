import Foundation

/// Lines for people and for programs that wait for them (`whistle up`'s "ready …", `tail`'s JSON), written
/// at once: stdout is not buffered behind them. Progress and notes go to stderr, so stdout stays the result.
enum Console {
    static func line(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

    /// A note for the person watching, on stderr.
    static func note(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    /// A progress line: redrawn in place on a terminal, else one line each call.
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data((isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" + text : text + "\n").utf8))
    }

    /// Ends a progress line drawn in place.
    static func progressDone() {
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
