public import Credentials
import Synchronization

/// The rate limits of one process, as token buckets: one per identity, at its `RateLimits` rate, and one
/// per resident behind an integrator. A bucket holds `burst` tokens and refills at `perSecond`; each
/// request takes one. Requests without an identity (plaintext) are not limited here. Buckets that have
/// refilled completely are forgotten now and then, so a city of residents does not grow the table
/// without end.
public final class RateLimiter: Sendable {
    public let limits: RateLimits
    private let buckets = Mutex<Buckets>(Buckets())
    private let now: @Sendable () -> ContinuousClock.Instant
    /// Past this many buckets, full ones are swept out.
    static let sweepAbove = 10_000

    struct Bucket { var tokens: Double; var at: ContinuousClock.Instant; var rate: RateLimits.Rate }
    struct Buckets { var table: [String: Bucket] = [:]; var sweepAt = RateLimiter.sweepAbove }

    public init(_ limits: RateLimits = RateLimits(), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        (self.limits, self.now) = (limits, now)
    }

    /// Takes one request from `identity`'s bucket (its role's rate, or its own); false when it is empty.
    public func admit(_ identity: String?, role: Role) -> Bool {
        guard let identity else { return true }
        return take(identity, rate: limits.rate(of: identity, role: role))
    }

    /// Takes one report from the bucket of `resident` behind the integrator `identity`; false when that
    /// resident has used their `residentReports` allowance.
    public func admit(resident: String, behind identity: String) -> Bool {
        take("\(identity)\u{0}\(resident)", rate: limits.residentRate)
    }

    /// Takes one token from `key`'s bucket, which holds `rate`; false when it is empty.
    func take(_ key: String?, rate: RateLimits.Rate) -> Bool {
        guard let key else { return true }
        let time = now()
        return buckets.withLock { buckets in
            var bucket = buckets.table[key] ?? Bucket(tokens: rate.burst, at: time, rate: rate)
            bucket.tokens = Self.refilled(bucket, at: time)
            (bucket.at, bucket.rate) = (time, rate)
            let admitted = bucket.tokens >= 1
            if admitted { bucket.tokens -= 1 }
            buckets.table[key] = bucket
            if buckets.table.count > buckets.sweepAt {
                buckets.table = buckets.table.filter { Self.refilled($0.value, at: time) < $0.value.rate.burst }
                buckets.sweepAt = max(Self.sweepAbove, buckets.table.count * 2)
            }
            return admitted
        }
    }

    /// How many buckets are kept (a sweep forgets the full ones).
    public var count: Int { buckets.withLock { $0.table.count } }

    static func refilled(_ bucket: Bucket, at time: ContinuousClock.Instant) -> Double {
        let elapsed = time - bucket.at
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return min(bucket.rate.burst, bucket.tokens + max(0, seconds) * bucket.rate.perSecond)
    }
}
