import Credentials
import Foundation
import Synchronization
import Testing
@testable import ServiceKit

@Suite("Rate limits: per identity by role or its own, and per resident behind an integrator")
struct RateLimiterTests {
    /// A clock the test moves.
    final class Hands: Sendable {
        let start = ContinuousClock.now
        let elapsed = Mutex<Duration>(.zero)
        var now: ContinuousClock.Instant { start + elapsed.withLock { $0 } }
        func advance(_ duration: Duration) { elapsed.withLock { $0 += duration } }
    }

    func admitted(_ limiter: RateLimiter, _ count: Int, _ body: (RateLimiter) -> Bool) -> Int { (0..<count).filter { _ in body(limiter) }.count }

    @Test("each role gets its default bucket; an identity's own rate wins; a department's 1,000 commands at once get 30")
    func roles() {
        var limits = RateLimits()
        limits.identities["sensor-gateway"] = RateLimits.Rate(perSecond: 200, burst: 2000)
        let hands = Hands()
        let limiter = RateLimiter(limits) { hands.now }
        #expect(admitted(limiter, 1000) { $0.admit("cg", role: .department) } == 30)
        #expect(admitted(limiter, 1000) { $0.admit("gw-g01", role: .staff) } == 30, "another identity has its own bucket")
        #expect(admitted(limiter, 1000) { $0.admit("resident-app", role: .integrator) } == 200)
        #expect(admitted(limiter, 3000) { $0.admit("sensor-gateway", role: .integrator) } == 2000)
        hands.advance(.seconds(5))
        #expect(admitted(limiter, 1000) { $0.admit("cg", role: .department) } == 10, "2 a second refill")
        #expect(limiter.admit(nil, role: .department), "no identity (plaintext): not limited here")
    }

    @Test("one resident behind an integrator gets residentReports (10 an hour); another resident, and the time after, get theirs")
    func residents() {
        let hands = Hands()
        let limiter = RateLimiter(RateLimits()) { hands.now }
        #expect(admitted(limiter, 50) { $0.admit(resident: "r-001", behind: "resident-app") } == 10)
        #expect(limiter.admit(resident: "r-002", behind: "resident-app"))
        #expect(limiter.admit(resident: "r-001", behind: "hotline"), "behind another integrator: another bucket")
        hands.advance(.seconds(360))
        #expect(admitted(limiter, 5) { $0.admit(resident: "r-001", behind: "resident-app") } == 1, "one report's worth refills in 6 minutes")
    }

    @Test("buckets that refilled are swept out once there are many, so residents do not grow the table for ever")
    func sweep() {
        let hands = Hands()
        let limiter = RateLimiter(RateLimits()) { hands.now }
        for number in 0..<RateLimiter.sweepAbove { _ = limiter.admit(resident: "r-\(number)", behind: "app") }
        hands.advance(.seconds(3600))
        _ = limiter.admit(resident: "late", behind: "app")
        #expect(limiter.count == 1, "every full bucket forgotten, the new one kept")
    }

    @Test("the rates are configured under security.rates, by YAML or environment, and checked")
    func configured() throws {
        let loader = ConfigurationLoader(environment: ["WHISTLE_SECURITY__RATES__DEPARTMENT__PER_SECOND": "7",
                                                      "WHISTLE_SECURITY__RATES__RESIDENT_REPORTS__COUNT": "3"])
        let settings = try loader.load(ServiceSettings<NoOptions>.self, file: nil)
        #expect(settings.security.rates.department == RateLimits.Rate(perSecond: 7, burst: 30))
        #expect(settings.security.rates.residentReports == RateLimits.Allowance(count: 3, seconds: 3600))
        #expect(settings.security.rates.integrator == RateLimits().integrator)
        #expect(throws: ConfigurationError.invalid(key: "security.rates.staff", reason: "perSecond must be positive and burst at least 1")) {
            try ConfigurationLoader(environment: ["WHISTLE_SECURITY__RATES__STAFF__BURST": "0"]).load(ServiceSettings<NoOptions>.self, file: nil)
        }
    }
}

/// A service section with nothing in it.
struct NoOptions: ServiceOptions {
    static let section = "none"
    init() {}
    func validate() throws(ConfigurationError) {}
}
