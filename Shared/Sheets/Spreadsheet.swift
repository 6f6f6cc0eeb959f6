import CSV
public import Foundation

/// Rows as spreadsheets open them: a UTF-8 byte-order mark (the Chinese names stay intact), then RFC 4180 rows (CRLF).
public enum Spreadsheet {
    public static func csv(_ header: [String], _ rows: [[String]]) throws -> Data {
        let writer = try CSVWriter(stream: .toMemory(), newline: .crlf)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        let written = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return Data([0xEF, 0xBB, 0xBF]) + written
    }
}
