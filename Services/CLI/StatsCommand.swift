public import ArgumentParser
public import Contracts
import Envelope
import Foundation
import Sheets

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "The community's evaluation (考评): on-time rates, overdue, returns, rework, supervision, satisfaction and the 721 shares; with --mediation, mediation by tier (4321).",
        discussion: """
            Counts the cases reported from --from until --to (local dates on the city's calendar, or RFC 3339 times; by default
            the last 30 days), per department or per grid, community or street, with a total row. JSON by default
            (docs/schemas/messages/stats-report.json); --csv writes UTF-8 with a byte-order mark, which spreadsheets open with
            the Chinese names intact. The same report is GET /stats?from=…&to=…&by=… on dispatch's HTTP address.
            With --mediation: the disputes opened in the period by mediation tier (grid, community, street, district) —
            received, settled, passed up, referred outward, failed, still open, each tier's share of the settlements — with
            the success rate and the average days to an end (docs/schemas/messages/mediation-stats.json; GET /stats on
            mediation's HTTP address). --as reads with another key: an office or grid worker counts its own area, a
            mediator the disputes it had; --area narrows the evaluation to a part of it. With dispatch or mediation split by street, the instance asked adds every instance's
            counts up (docs/operations.md, Reads across partitions).
            Examples:
              whistle stats --by department
              whistle stats --by grid --area c01 --as co-c01
              whistle stats --from 2026-11-01 --to 2026-12-01 --by community --csv > 考评-2026-11.csv
              whistle stats --mediation --from 2026-11-01 --csv > 调解-2026-11.csv
              whistle stats --mediation --as co-c01
            """)

    @OptionGroup var suite: SuiteAddresses
    @Option(help: "First day (or moment) counted, e.g. 2026-11-01.") var from: String?
    @Option(help: "The day (or moment) counting stops, e.g. 2026-12-01 (not counted).") var to: String?
    @Option(help: "department | grid | community | street") var by: StatsGrouping = .department
    @Option(help: "Count only the cases of this grid, community, street or the district, e.g. c01 (within the key's own area).") var area: String?
    @Flag(help: "Write CSV (UTF-8 with BOM) instead of JSON.") var csv = false
    @Flag(help: "Mediation by tier instead of the evaluation (--by does not apply).") var mediation = false

    func run() async throws {
        var query = URLComponents()
        query.queryItems = (mediation ? [] : [URLQueryItem(name: "by", value: by.rawValue)]) + [("from", from), ("to", to), ("area", mediation ? nil : area)].compactMap { name, value in
            value.map { URLQueryItem(name: name, value: $0) }
        }
        let path = "/stats?" + (query.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        let security = try suite.security(actingAs: "operator")
        let apiKey = try suite.apiKey(actingAs: "operator")
        let sheet: Data
        let pretty: Data
        let body = try await Requests.getFromFront(mediation ? "mediation" : "dispatch", path, what: "stats", suite: suite,
                                                   security: security, apiKey: apiKey)
        if mediation {
            let report = try JSONValueDecoder().decode(MediationStatsReport.self, from: JSONValue.parse(body))
            (sheet, pretty) = (csv ? try MediationSheet(report).csv() : Data(), try JSONValueEncoder().encode(report).jsonData(pretty: true))
        } else {
            let report = try JSONValueDecoder().decode(StatsReport.self, from: JSONValue.parse(body))
            (sheet, pretty) = (csv ? try StatsSheet(report).csv() : Data(), try JSONValueEncoder().encode(report).jsonData(pretty: true))
        }
        if csv { FileHandle.standardOutput.write(sheet) } else { print(String(decoding: pretty, as: UTF8.self), terminator: "") }
    }
}

extension StatsGrouping: ExpressibleByArgument {}
