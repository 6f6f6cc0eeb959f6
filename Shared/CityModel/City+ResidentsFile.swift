import CSV
import Foundation

extension City {
    /// The columns of a residents file, in any order; `id`, `name` and `grid` are required.
    public static let residentColumns = ["id", "name", "phone", "grid", "webhook", "email"]

    /// The rows of a residents file (UTF-8, a byte-order mark allowed, a header row naming the columns). A row without
    /// its id, name or grid, a column nobody knows or a file that cannot be read is refused with its path and line.
    public static func readResidents(path: String) throws(CityError) -> [Resident] {
        guard var text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "not UTF-8" : "no such file")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let reader: CSVReader
        // Cells are trimmed here, only those that need it: the reader's own trimming tests every character of every cell
        // and took two thirds of the time.
        do { reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: false) } catch {
            throw .invalid(path: path, reason: "not CSV: \(error)")
        }
        let header = (reader.headerRow ?? []).map(trimmed)
        for name in header where !residentColumns.contains(name) {
            throw .invalid(path: path, reason: "unknown column '\(name.prefix(40))'; the columns are \(residentColumns.joined(separator: ", "))")
        }
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for name in ["id", "name", "grid"] where column[name] == nil { throw .invalid(path: path, reason: "the column '\(name)' is missing") }
        var residents: [Resident] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            func cell(_ name: String) -> String? {
                guard let index = column[name], index < fields.count else { return nil }
                let value = trimmed(fields[index])
                return value.isEmpty ? nil : value
            }
            guard let id = cell("id"), let name = cell("name"), let grid = cell("grid") else {
                let missing = ["id", "name", "grid"].filter { cell($0) == nil }.joined(separator: ", ")
                throw .invalid(path: path, reason: "line \(line): \(missing) empty")
            }
            residents.append(Resident(id: id, name: name, phone: cell("phone"), grid: grid, webhook: cell("webhook"), email: cell("email")))
        }
        if let error = reader.error { throw .invalid(path: path, reason: "line \(line + 1): \(error)") }
        return residents
    }

    /// `text` without the spaces and tabs around it, itself when it has none (the common case, without a copy).
    private static func trimmed(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The city file's residents and those of its `residentsFile`, which is found beside the city file unless its path is
    /// absolute.
    mutating func addResidentsFile(besides cityPath: String) throws(CityError) {
        guard let file = residentsFile else { return }
        let path = file.hasPrefix("/") ? file
            : URL(fileURLWithPath: cityPath).deletingLastPathComponent().appendingPathComponent(file).path
        residents.append(contentsOf: try Self.readResidents(path: path))
    }
}
