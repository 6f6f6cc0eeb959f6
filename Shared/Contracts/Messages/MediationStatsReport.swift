public import Envelope
public import Foundation

/// Mediation by tier (the "4321": grid, community, street, district) over the disputes opened in a period —
/// what `GET /stats?from=…&to=…` on mediation's HTTP address and `whistle stats --mediation` return.
public struct MediationStatsReport: MessageContract, Equatable {
    public static let messageName = "mediation-stats"
    public static let summary = "Mediation by tier over the disputes opened in a period: received, settled, passed up, referred, failed, declined, refused, each tier's share of the settlements, the success rate, the average days to an end, agreements performed and broken."

    public var from, to: Date
    /// Every tier, lowest first, also one the city does not staff (all zero).
    public var tiers: [MediationTierRow]
    /// The disputes opened in the period.
    public var disputes: Int
    /// Ended with an agreement, referred outward, failed at the top tier, and still with a mediator.
    public var settled, referred, failed, open: Int
    /// Ended before mediation: declined by the committee, or refused by a party.
    public var declined, refused: Int
    /// Written agreements whose latest follow-up visit found them performed; agreements a visit found not
    /// performed (broken: reopened or referred).
    public var performed, broken: Int
    /// Settled of the ended ones (settled + referred + failed + declined + refused), in percent; nil when none ended.
    public var successPercent: Double?
    /// From opening to the end, in calendar days, over the ended ones; nil when none ended.
    public var averageDays: Double?

    public init(from: Date, to: Date, tiers: [MediationTierRow], disputes: Int, settled: Int, referred: Int, failed: Int, open: Int,
                declined: Int = 0, refused: Int = 0, performed: Int = 0, broken: Int = 0, successPercent: Double?, averageDays: Double?) {
        (self.from, self.to, self.tiers, self.disputes, self.settled, self.referred) = (from, to, tiers, disputes, settled, referred)
        (self.failed, self.open, self.successPercent, self.averageDays) = (failed, open, successPercent, averageDays)
        (self.declined, self.refused, self.performed, self.broken) = (declined, refused, performed, broken)
    }
}

/// One tier's record: each dispute of the period that reached it counts once in `received` and once in how
/// it left (or in `open` while it is there).
public struct MediationTierRow: Codable, Sendable, Equatable {
    public var level: HandlingLevel
    public var received, settled, escalated, referred, failed, open: Int
    /// Declined by this tier's committee, or refused by a party while this tier had it.
    public var declined, refused: Int
    /// This tier's settlements of all the period's settlements, in percent (the 40/30/20/10 of "4321");
    /// nil when nothing was settled.
    public var settledPercent: Double?

    public init(level: HandlingLevel, received: Int, settled: Int, escalated: Int, referred: Int, failed: Int, open: Int,
                declined: Int = 0, refused: Int = 0, settledPercent: Double?) {
        (self.level, self.received, self.settled, self.escalated, self.referred) = (level, received, settled, escalated, referred)
        (self.failed, self.open, self.declined, self.refused, self.settledPercent) = (failed, open, declined, refused, settledPercent)
    }
}
