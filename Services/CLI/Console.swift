import Foundation

/// Lines for people and for programs that wait for them (`whistle up`'s "ready …", `tail`'s JSON), written
/// at once: stdout is not buffered behind them.
enum Console {
    static func line(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
}
