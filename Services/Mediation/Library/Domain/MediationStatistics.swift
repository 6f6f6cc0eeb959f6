public import Contracts
public import Foundation

/// Counts mediation by tier over the disputes opened in a period (`files`, each with its trail), as
/// `MediationStatsReport` defines each figure.
public enum MediationStatistics {
    public static func report(_ files: [MediationFile], from: Date, to: Date) -> MediationStatsReport {
        let period = files.filter { $0.openedAt >= from && $0.openedAt < to }
        var rows = HandlingLevel.allCases.map {
            MediationTierRow(level: $0, received: 0, settled: 0, escalated: 0, referred: 0, failed: 0, open: 0, settledPercent: nil)
        }
        for stint in period.flatMap(\.trail) {
            guard let index = rows.firstIndex(where: { $0.level == stint.level }) else { continue }
            rows[index].received += 1
            switch stint.result {
            case nil: rows[index].open += 1
            case .agreed: rows[index].settled += 1
            case .escalated: rows[index].escalated += 1
            case .referred: rows[index].referred += 1
            case .failed: rows[index].failed += 1
            case .declined: rows[index].declined += 1
            case .refused: rows[index].refused += 1
            }
        }
        let settled = rows.reduce(0) { $0 + $1.settled }
        for index in rows.indices where settled > 0 { rows[index].settledPercent = Percent.of(rows[index].settled, settled) }
        let ended = period.filter { !$0.isOpen }
        let days = ended.compactMap { file in file.concludedAt.map { $0.timeIntervalSince(file.openedAt) / 86_400 } }
        return MediationStatsReport(
            from: from, to: to, tiers: rows, disputes: period.count, settled: period.count { $0.status == .agreed },
            referred: period.count { $0.status == .referred }, failed: period.count { $0.status == .failed },
            open: period.count(where: \.isOpen), declined: period.count { $0.status == .declined }, refused: period.count { $0.status == .refused },
            performed: period.count { $0.followUps.last?.performance == .performed },
            broken: period.count { $0.followUps.contains { $0.performance == .notPerformed } }, successPercent: Percent.of(ended.count { $0.status == .agreed }, ended.count),
            averageDays: days.isEmpty ? nil : (days.reduce(0, +) / Double(days.count) * 100).rounded() / 100)
    }
}
