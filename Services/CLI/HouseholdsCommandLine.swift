public import ArgumentParser
public import Contracts
import CSV
import Envelope
import Foundation
import Messaging

struct HouseholdsCommandLine: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "households",
        abstract: "A community office keeps its households (who proposals ask): register or retire one, or import a CSV.",
        discussion: """
            Each household has an id (a-z 0-9 - _), its community, building, optionally unit, door and the resident who
            represents it, and its exclusive area in m². The office acts with its own key (--as co-c01) on its own
            community (a street office on its street's). A CSV has a header row naming the columns id, community,
            building, unit, door, representative, area (UTF-8, a byte-order mark allowed); each row is one
            household-command whose id is made from the row, so importing the same file again is answered alike and
            changes nothing, and a changed row registers the change. Rows refused are printed with the reason; the
            others are registered. The import keeps to the office's rate (staff: 30 at once, then 2 a second), resending a
            row the rate refused; give the office a higher rate in security.rates for a large import. The city file's households: are brought in at every start of mediation.
            Examples:
              whistle households import 中山社区-3号楼.csv --as co-c01
              whistle households register c01-3-1-107 --as co-c01 --community c01 --building 3 --unit 1 --door 107 --area 92.4
              whistle households retire c01-3-1-107 --as co-c01
            """)

    enum Verb: String, ExpressibleByArgument, CaseIterable { case register, retire, `import` }

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "register | retire | import") var verb: Verb
    @Argument(help: "The household's id (register, retire), or the CSV file (import).") var target: String
    @Option(help: "register: its community.") var community: String?
    @Option(help: "register: its building.") var building: String?
    @Option(help: "register: its unit.") var unit: String?
    @Option(help: "register: its door.") var door: String?
    @Option(help: "register: the resident who votes for it.") var representative: String?
    @Option(help: "register: its exclusive area in m².") var area: Double?
    @Option(help: "Command id (register, retire; default: a new one).") var id: String?

    func run() async throws {
        guard let staff = suite.identity else { throw ValidationError("households are kept by a community office: --as co-c01") }
        let security = try suite.security(actingAs: staff)
        switch verb {
        case .register, .retire:
            let command = HouseholdCommand(command: id ?? Requests.newCommandID(), staff: staff, household: target,
                                           action: verb == .register ? .register : .retire, community: community, building: building,
                                           unit: unit, door: door, representative: representative, area: area)
            try await Requests.send(command, to: suite.mediatorCommands, security: security, server: "mediation-1")
        case .import:
            let rows = try HouseholdSheet.read(target)
            var refused = 0
            for (line, row) in rows {
                var command = row
                command.staff = staff
                command.command = "import-\(row.household)-\(HouseholdSheet.fingerprint(row))"
                let reply = try await paced(try JSONValueEncoder().encode(command).jsonData(), security: security)
                let status = (try? JSONValue.parse(reply))?["status"]?.stringValue
                if status != "ok" { refused += 1; FileHandle.standardError.write(Data("line \(line): ".utf8)) }
                print(String(decoding: reply, as: UTF8.self))
            }
            print("imported \(rows.count - refused) of \(rows.count) households" + (refused > 0 ? "; \(refused) refused" : ""))
            if refused > 0 { throw ExitCode.failure }
        }
    }
}

extension HouseholdsCommandLine {
    /// Sends one row's command, and again with the same id while the office's rate refuses it (`rate_limited`:
    /// staff send 30 at once, then 2 a second), for up to two minutes.
    func paced(_ payload: Data, security: SocketSecurity) async throws -> Data {
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            let reply = try await Requests.ask(suite.mediatorCommands, payload, security: security, server: "mediation-1")
            guard (try? JSONValue.parse(reply))?["error"]?.stringValue == Refusal.rateLimited.rawValue, ContinuousClock.now < deadline else {
                return reply
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }
}

/// A CSV of households read into household-commands (without sender and command id), with their line numbers.
enum HouseholdSheet {
    static let columns = ["id", "community", "building", "unit", "door", "representative", "area"]

    static func read(_ path: String) throws -> [(line: Int, command: HouseholdCommand)] {
        guard var text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read \(path) as UTF-8") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        let header = reader.headerRow ?? []
        for name in header where !columns.contains(name) {
            throw ValidationError("\(path): unknown column '\(name)'; the columns are \(columns.joined(separator: ", "))")
        }
        for name in ["id", "community", "building", "area"] where !header.contains(name) {
            throw ValidationError("\(path): the column '\(name)' is missing")
        }
        var rows: [(Int, HouseholdCommand)] = []
        var line = 1
        while let fields = reader.next() {
            line += 1
            var cell: [String: String] = [:]
            for (name, value) in zip(header, fields) where !value.isEmpty { cell[name] = value }
            guard let area = Double(cell["area"] ?? "") else { throw ValidationError("\(path) line \(line): 'area' must be a number of m²") }
            rows.append((line, HouseholdCommand(command: "", staff: "", household: cell["id"] ?? "", action: .register, community: cell["community"],
                                                building: cell["building"], unit: cell["unit"], door: cell["door"],
                                                representative: cell["representative"], area: area)))
        }
        return rows
    }

    /// A short stable digest of a row (FNV-1a, 64 bits): the same row gives the same command id.
    static func fingerprint(_ row: HouseholdCommand) -> String {
        let text = [row.household, row.community, row.building, row.unit, row.door, row.representative, row.area.map { "\($0)" }]
            .map { $0 ?? "" }.joined(separator: "\u{1F}")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
