import Contracts
import Foundation
import Testing

@Suite("Mediation by tier of partitions added up")
struct MediationStatsAddingTests {
    static func tier(_ level: HandlingLevel, received: Int = 0, settled: Int = 0, escalated: Int = 0, failed: Int = 0, open: Int = 0) -> MediationTierRow {
        MediationTierRow(level: level, received: received, settled: settled, escalated: escalated, referred: 0, failed: failed, open: open,
                         settledPercent: nil)
    }

    @Test("tiers matched by level and summed, each tier's share and the success rate from the sums, the days weighted by the ended disputes")
    func adding() throws {
        let day = Date(timeIntervalSince1970: 1_796_601_600)
        let s01 = MediationStatsReport(from: day, to: day, tiers: [Self.tier(.grid, received: 3, settled: 1, escalated: 1, open: 1),
                                                                   Self.tier(.community, received: 1, settled: 1)],
                                       disputes: 3, settled: 2, referred: 0, failed: 0, open: 1, successPercent: 100, averageDays: 2)
        let s02 = MediationStatsReport(from: day, to: day, tiers: [Self.tier(.grid, received: 2, settled: 1, failed: 1), Self.tier(.community)],
                                       disputes: 2, settled: 1, referred: 0, failed: 1, open: 0, performed: 1, successPercent: 50, averageDays: 5)
        let sum = try #require(MediationStatsReport.adding([s01, s02]))
        #expect((sum.disputes, sum.settled, sum.failed, sum.open, sum.performed) == (5, 3, 1, 1, 1))
        #expect(sum.successPercent == 75)                                   // 3 settled of the 4 that ended
        #expect(sum.averageDays == 3.5)                                     // (2 × 2 d + 2 × 5 d) / 4
        #expect(sum.tiers.map(\.received) == [5, 1] && sum.tiers.map(\.settled) == [2, 1] && sum.tiers[0].failed == 1 && sum.tiers[0].open == 1)
        #expect(sum.tiers.map(\.settledPercent) == [66.7, 33.3])
        #expect(MediationStatsReport.adding([]) == nil && MediationStatsReport.adding([s02]) == s02)
    }
}
