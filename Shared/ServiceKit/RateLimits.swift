public import Credentials

/// How fast each identity may send requests (ingest, commands, Open311 posts) — by its role, unless it
/// has a rate of its own — and how many reports one resident behind an integrator may send. The
/// defaults are what a city runs with; load tests and benches set their own.
///
///     security:
///       rates:
///         department: {perSecond: 2, burst: 30}
///         identities: {sensor-gateway: {perSecond: 200, burst: 2000}}
///         residentReports: {count: 10, seconds: 3600}
public struct RateLimits: Codable, Sendable, Equatable {
    /// A token bucket: `burst` requests at once, then `perSecond`.
    public struct Rate: Codable, Sendable, Equatable {
        public var perSecond: Double
        public var burst: Double

        public init(perSecond: Double, burst: Double) { (self.perSecond, self.burst) = (perSecond, burst) }
    }

    /// A department acts on its own tasks: a backlog of 30 at once, then 2 a second.
    public var department = Rate(perSecond: 2, burst: 30)
    /// Grid workers, offices, mediators: like a department.
    public var staff = Rate(perSecond: 2, burst: 30)
    /// A resident app, a hotline, a sensor gateway: it fronts many people or devices.
    public var integrator = Rate(perSecond: 20, burst: 200)
    public var `operator` = Rate(perSecond: 50, burst: 500)
    public var service = Rate(perSecond: 1000, burst: 10_000)
    /// Rates of particular identities, over their role's.
    public var identities: [String: Rate] = [:]
    /// How many reports one resident may send through an integrator within a window (all at once, or spread out).
    public struct Allowance: Codable, Sendable, Equatable {
        public var count: Double
        public var seconds: Double

        public init(count: Double, seconds: Double) { (self.count, self.seconds) = (count, seconds) }
    }

    /// Ten reports an hour per resident: more than anyone has to report, less than a flood.
    public var residentReports = Allowance(count: 10, seconds: 3600)

    public init() {}

    /// The rate of `identity`, which holds `role`.
    public func rate(of identity: String, role: Role) -> Rate {
        if let own = identities[identity] { return own }
        switch role {
        case .department: return department
        case .staff: return staff
        case .integrator: return integrator
        case .operator: return `operator`
        case .service: return service
        }
    }

    /// One resident's report rate behind an integrator, as a bucket.
    var residentRate: Rate { Rate(perSecond: residentReports.count / residentReports.seconds, burst: residentReports.count) }

    func validate() throws(ConfigurationError) {
        let named = [("department", department), ("staff", staff), ("integrator", integrator), ("operator", `operator`), ("service", service)]
            + identities.sorted { $0.key < $1.key }.map { ("identities.\($0.key)", $0.value) }
        for (name, rate) in named where !(rate.perSecond > 0 && rate.perSecond.isFinite && rate.burst >= 1 && rate.burst.isFinite) {
            throw .invalid(key: "security.rates.\(name)", reason: "perSecond must be positive and burst at least 1")
        }
        guard residentReports.count >= 1, residentReports.count.isFinite, residentReports.seconds > 0, residentReports.seconds.isFinite else {
            throw .invalid(key: "security.rates.residentReports", reason: "count must be at least 1 and seconds positive")
        }
    }
}
