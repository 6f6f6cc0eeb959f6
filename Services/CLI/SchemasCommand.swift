import ArgumentParser
import Contracts
import Envelope
import Foundation

struct SchemasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemas", abstract: "Write the JSON Schema (draft 2020-12) of every event, command and reply.",
        discussion: """
            Generated from the contracts the services use, so they cannot drift from the code.
            Example: whistle schemas --out docs/schemas     (make schemas does this)
                     whistle schemas                         (lists what it would write)
            """)

    @Option(help: "Folder to write into (events/, commands/, messages/ are made in it).") var out: String?

    func run() throws {
        for (path, document) in Catalogue.schemaFiles() {
            guard let out else { print(path); continue }
            let url = URL(fileURLWithPath: out).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try document.jsonData(pretty: true).write(to: url)
        }
        if let out { print("wrote \(Catalogue.schemaFiles().count) schemas to \(out)") }
    }
}
