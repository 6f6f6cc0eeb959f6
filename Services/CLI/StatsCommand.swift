public import ArgumentParser
public import Contracts
import CSV
import Envelope
import Foundation

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
            mediator the disputes it had. With dispatch or mediation split by street, the instance asked adds every instance's
            counts up (docs/operations.md, Reads across partitions).
            Examples:
              whistle stats --by department
              whistle stats --from 2026-11-01 --to 2026-12-01 --by community --csv > 考评-2026-11.csv
              whistle stats --mediation --from 2026-11-01 --csv > 调解-2026-11.csv
              whistle stats --mediation --as co-c01
            """)

    @OptionGroup var suite: SuiteAddresses
    @Option(help: "First day (or moment) counted, e.g. 2026-11-01.") var from: String?
    @Option(help: "The day (or moment) counting stops, e.g. 2026-12-01 (not counted).") var to: String?
    @Option(help: "department | grid | community | street") var by: StatsGrouping = .department
    @Flag(help: "Write CSV (UTF-8 with BOM) instead of JSON.") var csv = false
    @Flag(help: "Mediation by tier instead of the evaluation (--by does not apply).") var mediation = false

    func run() async throws {
        var query = URLComponents()
        query.queryItems = (mediation ? [] : [URLQueryItem(name: "by", value: by.rawValue)]) + [("from", from), ("to", to)].compactMap { name, value in
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

/// A stats report as a spreadsheet: one row per department or area and the total, every count and
/// rate a column, the cases closed unfixable and invalid, then the settled cases per rung and their
/// shares last. It holds no times (the period is in the command line that made it).
struct StatsSheet {
    let report: StatsReport
    static let levels = HandlingLevel.allCases.map(\.rawValue)

    init(_ report: StatsReport) { self.report = report }

    var header: [String] {
        ["key", "name", "cases", "tasks", "acknowledgedOnTime", "acknowledgedLate", "acknowledgedOnTimePercent", "completedOnTime",
         "completedLate", "completedOnTimePercent", "overdue", "returns", "rework", "supervisionOrders", "supervisionOverdue", "rated",
         "satisfied", "satisfactionPercent", "averageHandlingWorkingHours", "unfixable", "invalid"]
            + Self.levels.map { "settled.\($0)" } + Self.levels.map { "settledPercent.\($0)" }
    }

    func fields(_ row: StatsRow) -> [String] {
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        let counts = [row.tasks, row.acknowledgedOnTime, row.acknowledgedLate]
        return [row.key, row.name, row.cases.map(String.init) ?? ""] + counts.map(String.init) + [number(row.acknowledgedOnTimePercent)]
            + [row.completedOnTime, row.completedLate].map(String.init) + [number(row.completedOnTimePercent)]
            + [row.overdue, row.returns, row.rework, row.supervisionOrders, row.supervisionOverdue, row.rated, row.satisfied].map(String.init)
            + [number(row.satisfactionPercent), row.averageHandlingWorkingHours.map { String(format: "%.2f", $0) } ?? ""]
            + [row.unfixable, row.invalid].map { $0.map(String.init) ?? "" }
            + Self.levels.map { level in row.settledByLevel.map { String($0[level] ?? 0) } ?? "" }
            + Self.levels.map { level in row.settledPercent.map { number($0[level] ?? 0) } ?? "" }
    }

    func csv() throws -> Data { try Spreadsheet.csv(header, (report.rows + [report.total]).map(fields)) }
}

/// Mediation by tier as a spreadsheet: one row per tier and the total (`all`, with the success rate and
/// the average days, which only the total has).
struct MediationSheet {
    let report: MediationStatsReport

    init(_ report: MediationStatsReport) { self.report = report }

    func csv() throws -> Data {
        func number(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "" }
        let header = ["tier", "received", "settled", "escalated", "referred", "failed", "open", "settledPercent", "successPercent", "averageDays",
                      "declined", "refused", "performed", "broken"]
        let tiers = report.tiers.map { row in
            [row.level.rawValue] + [row.received, row.settled, row.escalated, row.referred, row.failed, row.open].map(String.init)
                + [number(row.settledPercent), "", ""] + [row.declined, row.refused].map(String.init) + ["", ""]
        }
        let total = ["all", String(report.disputes), String(report.settled), "", String(report.referred), String(report.failed),
                     String(report.open), "", number(report.successPercent), report.averageDays.map { String(format: "%.2f", $0) } ?? ""]
            + [report.declined, report.refused, report.performed, report.broken].map(String.init)
        return try Spreadsheet.csv(header, tiers + [total])
    }
}

/// Rows as spreadsheets open them: a UTF-8 byte-order mark (the Chinese names stay intact), then RFC 4180 rows (CRLF).
enum Spreadsheet {
    static func csv(_ header: [String], _ rows: [[String]]) throws -> Data {
        let writer = try CSVWriter(stream: .toMemory(), newline: .crlf)
        try writer.write(row: header)
        for row in rows { try writer.write(row: row) }
        writer.stream.close()
        let written = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return Data([0xEF, 0xBB, 0xBF]) + written
    }
}
