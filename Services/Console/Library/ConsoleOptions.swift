public import ServiceKit
import Foundation

/// The console's own section, `console:`.
public struct ConsoleOptions: ServiceOptions {
    public static let section = "console"
    /// Where the web console listens (`host:port`; port 0 picks a free one).
    public var web = "127.0.0.1:7500"
    /// Hours a sign-in lasts.
    public var sessionHours: Double = 12
    /// Mark the session cookie `Secure` (browsers then send it over HTTPS only): set it when a TLS front serves the
    /// console. A request that says it came over HTTPS (`X-Forwarded-Proto: https`) gets a Secure cookie regardless.
    public var secureCookies = false
    /// Bcrypt's cost for the named accounts' passwords (2^cost rounds): 12 takes about a quarter of a second.
    public var passwordCost = 12
    /// Cases a list page shows at most.
    public var listLimit = 500
    /// Dispatch's command endpoint, where the staff's actions go (sent with the console's key, which acts for them).
    public var dispatch = "tcp://127.0.0.1:7300"
    /// The dispatch instance whose key answers there (the CURVE server key the console checks).
    public var dispatchName = "dispatch-1"
    /// Dispatch's HTTP address, where the evaluation (`GET /stats`) is read — with dispatch split by street, any instance
    /// answers for the whole city.
    public var dispatchReads = "http://127.0.0.1:8081"
    /// Mediation's HTTP address, where a proposal's live tally (`GET /proposals/<id>`) and a dispute's printable
    /// agreement (`GET /agreements/<id>`) are read.
    public var mediationReads = "http://127.0.0.1:8081"
    /// Intake's HTTP address, where the devices page reads the registry (`GET /devices`).
    public var intakeReads = "http://127.0.0.1:8081"

    public init() {}

    public func validate() throws(ConfigurationError) {
        do { _ = try HTTPAddress(web) } catch { throw .invalid(key: "console.web", reason: "'\(web)' is not host:port") }
        guard sessionHours > 0, sessionHours <= 24 * 30 else { throw .invalid(key: "console.sessionHours", reason: "must be more than 0 and at most 720") }
        try ServiceSettings<Self>.check(address: dispatch, key: "console.dispatch")
        for (key, address) in [("console.dispatchReads", dispatchReads), ("console.mediationReads", mediationReads), ("console.intakeReads", intakeReads)] {
            guard address.hasPrefix("http://") || address.hasPrefix("https://"), URL(string: address)?.host != nil else {
                throw .invalid(key: key, reason: "'\(address)' is not an http:// address such as http://127.0.0.1:8081")
            }
        }
        guard (10...16).contains(passwordCost) else { throw .invalid(key: "console.passwordCost", reason: "must be between 10 and 16") }
        guard (10...10_000).contains(listLimit) else { throw .invalid(key: "console.listLimit", reason: "must be between 10 and 10000") }
    }
}
