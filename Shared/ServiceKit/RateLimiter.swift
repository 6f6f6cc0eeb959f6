import Synchronization

/// A token bucket per identity: `burst` requests at once, then `perSecond`. Requests without an
/// identity (plaintext) are not limited here.
public final class RateLimiter: Sendable {
    let perSecond: Double
    let burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])
    private let now: @Sendable () -> ContinuousClock.Instant

    struct Bucket { var tokens: Double; var at: ContinuousClock.Instant }

    public init(perSecond: Double, burst: Double, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        (self.perSecond, self.burst, self.now) = (perSecond, burst, now)
    }

    /// Takes one request from `identity`'s bucket; false when it is empty.
    public func admit(_ identity: String?) -> Bool {
        guard let identity else { return true }
        let time = now()
        return buckets.withLock { buckets in
            var bucket = buckets[identity] ?? Bucket(tokens: burst, at: time)
            let elapsed = Double((time - bucket.at).components.seconds) + Double((time - bucket.at).components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + max(0, elapsed) * perSecond)
            bucket.at = time
            let admitted = bucket.tokens >= 1
            if admitted { bucket.tokens -= 1 }
            buckets[identity] = bucket
            return admitted
        }
    }
}
