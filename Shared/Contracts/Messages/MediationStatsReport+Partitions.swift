/// Mediation by tier for a city whose mediation is split by street: each instance counts its own streets' disputes,
/// and their reports add up — every count summed, the shares and the success rate worked out again from the sums,
/// the average days weighted by the disputes that ended.
extension MediationStatsReport {
    /// The reports of disjoint partitions for the same period, as one (tiers matched by level); nil for none.
    public static func adding(_ reports: [MediationStatsReport]) -> MediationStatsReport? {
        guard let first = reports.first else { return nil }
        if reports.count == 1 { return first }
        var tiers = first.tiers.map { MediationTierRow(level: $0.level, received: 0, settled: 0, escalated: 0, referred: 0, failed: 0, open: 0,
                                                       settledPercent: nil) }
        for tier in reports.flatMap(\.tiers) {
            guard let index = tiers.firstIndex(where: { $0.level == tier.level }) else { continue }
            tiers[index].received += tier.received
            tiers[index].settled += tier.settled
            tiers[index].escalated += tier.escalated
            tiers[index].referred += tier.referred
            tiers[index].failed += tier.failed
            tiers[index].open += tier.open
            tiers[index].declined += tier.declined
            tiers[index].refused += tier.refused
        }
        let settledByTiers = tiers.reduce(0) { $0 + $1.settled }
        for index in tiers.indices { tiers[index].settledPercent = Percent.of(tiers[index].settled, settledByTiers) }
        func sum(_ figure: (MediationStatsReport) -> Int) -> Int { reports.reduce(0) { $0 + figure($1) } }
        let ended = { (report: MediationStatsReport) in report.disputes - report.open }
        let days = reports.reduce(0.0) { $0 + ($1.averageDays ?? 0) * Double(ended($1)) }
        let (settled, allEnded) = (sum(\.settled), sum(ended))
        return MediationStatsReport(
            from: first.from, to: first.to, tiers: tiers, disputes: sum(\.disputes), settled: settled, referred: sum(\.referred),
            failed: sum(\.failed), open: sum(\.open), declined: sum(\.declined), refused: sum(\.refused), performed: sum(\.performed),
            broken: sum(\.broken), successPercent: Percent.of(settled, allEnded),
            averageDays: allEnded == 0 ? nil : (days / Double(allEnded) * 100).rounded() / 100)
    }
}
