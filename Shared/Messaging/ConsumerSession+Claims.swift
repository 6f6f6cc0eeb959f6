import Envelope
import GRDB
import Logging

/// The claims a consumer guards while it runs: another instance claiming its streets (the later claim stands down),
/// and a copy of this very instance beating with a newer epoch (this one is stale and stands down).
extension ConsumerSession {
    /// Two instances that claim one area: the later claim stops its consumer (and so its service) without
    /// committing what it holds; the earlier logs the conflict and carries on.
    func checkClaims(_ heartbeat: Heartbeat, from producer: String, epoch: UInt64) throws(ClaimConflict) {
        guard let claims = configuration.claims else { return }
        if producer == configuration.name { return try checkTwin(claims, epoch: epoch) }
        let shared = claims.contested(by: heartbeat, from: producer, ownName: configuration.name)
        guard !shared.isEmpty else { return }
        stats.increment("claim_conflict")
        if claims.yields(to: producer, since: heartbeat.claimedSince, ownName: configuration.name) {
            throw ClaimConflict(instance: configuration.name, holder: producer, areas: shared, atStart: false)
        }
        logger.error("another instance claims this instance's areas; it stands down",
                     metadata: ["other": "\(producer)", "areas": "\(shared)"])
    }

    /// A heartbeat under this instance's own name: its own, or a copy's. A copy with a newer epoch started from this
    /// partition's store after it moved — this one is stale and stands down; an older copy is logged (it stands down
    /// when it hears this one).
    func checkTwin(_ claims: AreaClaims, epoch: UInt64) throws(ClaimConflict) {
        if ownEpoch == nil || epoch != ownEpoch {
            ownEpoch = try? consumer.database.read(Outbox.epoch)
        }
        guard let ownEpoch, epoch != ownEpoch else { return }
        stats.increment("claim_conflict")
        if epoch > ownEpoch { throw ClaimConflict(instance: configuration.name, holder: configuration.name, areas: claims.tokens, atStart: false) }
        logger.error("a stale copy of this instance beats; it stands down", metadata: ["epoch": "\(epoch)", "own": "\(ownEpoch)"])
    }
}
