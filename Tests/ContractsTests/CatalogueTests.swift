import Contracts
import Envelope
import Foundation
import Testing

/// The repository's root, found from this file's path.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("The contracts, their schemas and the protocol document agree")
struct CatalogueTests {
    @Test("docs/schemas holds exactly the schemas generated from the contracts (run `make schemas` after changing one)")
    func schemasAreCurrent() throws {
        let folder = repository.appendingPathComponent("docs/schemas")
        var stale: [String] = []
        for (path, document) in Catalogue.schemaFiles() {
            let committed = try? Data(contentsOf: folder.appendingPathComponent(path))
            if committed != (try document.jsonData(pretty: true)) { stale.append(path) }
        }
        #expect(stale.isEmpty, "out of date: \(stale) — run `make schemas`")
        let expected = Set(Catalogue.schemaFiles().map(\.path))
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") } ?? []
        #expect(Set(files) == expected, "docs/schemas has files no contract makes: \(Set(files).subtracting(expected))")
    }

    @Test("docs/protocol.md names every event type, command and message the contracts define")
    func protocolNamesEverything() throws {
        let text = try String(contentsOf: repository.appendingPathComponent("docs/protocol.md"), encoding: .utf8)
        let names = Catalogue.eventTypes + Catalogue.commands.map { $0.commandName } + Catalogue.messages.map { $0.messageName }
        let missing = names.filter { !text.contains("`\($0)`") }
        #expect(missing.isEmpty, "docs/protocol.md does not name: \(missing)")
        let kinds = NotificationKind.allowedValues.filter { !text.contains("`\($0)`") }
        #expect(kinds.isEmpty, "docs/protocol.md does not name the webhook kinds \(kinds)")
        let refusals = Refusal.allowedValues.filter { !text.contains("`\($0)`") }
        #expect(refusals.isEmpty, "docs/protocol.md does not name the command errors \(refusals)")
    }

    @Test("every event type is unique, and every contract decodes what it encodes")
    func typesAreUnique() {
        #expect(Set(Catalogue.eventTypes).count == Catalogue.eventTypes.count)
        #expect(Catalogue.eventTypes.allSatisfy { $0.hasPrefix("whistle.") })
    }
}

@Suite("Layers: what each part of the code may do")
struct LayerTests {
    func sources(under path: String) -> [(file: String, text: String)] {
        let root = repository.appendingPathComponent(path)
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        return files.compactMap { file in
            (try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)).map { ("\(path)/\(file)", $0) }
        }
    }

    /// The compiler holds the layers (`make check-layers` compiles forbidden imports and clock reads into
    /// domain folders and expects each to fail); this checks that every service's domain carries the fence
    /// that makes `Date()` and `Date.now` not build there.
    @Test("every service's domain target carries the clock fence")
    func domainsAreFenced() throws {
        let services = try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("Services").path)
            .filter { FileManager.default.fileExists(atPath: repository.appendingPathComponent("Services/\($0)/Library/Domain").path) }
        #expect(services.count >= 4)
        let fences = try services.map { try String(contentsOf: repository.appendingPathComponent("Services/\($0)/Library/Domain/ClockFence.swift"),
                                                   encoding: .utf8) }
        #expect(Set(fences).count == 1, "one fence, the same in every domain")
        #expect(fences.first?.contains("init() throws(ClockRead)") == true && fences.first?.contains("static var now: Date { get throws") == true)
    }

    @Test("services read no event data by string key and spell no event type or topic outside the contracts")
    func noLiteralsInServices() {
        let literals = [#"data[""#, #""whistle.case"#, #""whistle.task"#, #""whistle.mediation"#, #""whistle.report"#, #""case.reported"#,
                        #""task."#, #""status.case"#, #""mediation.opened"#, #""mediation.concluded"#]
        for (file, text) in sources(under: "Services") {
            for literal in literals where text.contains(literal) { Issue.record("\(file) contains \(literal)") }
        }
    }
}
