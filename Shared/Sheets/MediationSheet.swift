public import Contracts
public import Foundation

/// Mediation by tier as a spreadsheet: one row per tier and the total (`all`, with the success rate and
/// the average days, which only the total has).
public struct MediationSheet {
    public let report: MediationStatsReport

    public init(_ report: MediationStatsReport) { self.report = report }

    public func csv() throws -> Data {
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
