public import Contracts
public import Foundation

/// Keeps one failing receiver from slowing the rest: per endpoint (a webhook's `scheme://host:port`, the mail server, the
/// text-message gateway) at most `perEndpoint` attempts at once (a bulkhead), and a breaker — after `threshold` failed
/// attempts in a row (no answer, 5xx, 429) the endpoint rests `coolDown` seconds: its deliveries wait, no attempt
/// spent; then one attempt probes it, and its answer closes the breaker or rests it again. An endpoint that failed, or
/// whose oldest attempt under way has taken longer than `slowAfter`, is `degraded`: its deliveries are passed over when
/// looking for work (a healthy one's are simply taken in turn).
public struct Breakers: Sendable {
    public let perEndpoint, threshold: Int
    public let coolDown, slowAfter: TimeInterval

    struct Endpoint: Sendable {
        var failures = 0
        var restingUntil: Date?
        /// When each attempt under way began, oldest first.
        var started: [Date] = []
        var inFlight: Int { started.count }
    }
    private var endpoints: [String: Endpoint] = [:]

    public init(perEndpoint: Int, threshold: Int = 5, coolDown: TimeInterval = 30, slowAfter: TimeInterval = 1) {
        (self.perEndpoint, self.threshold, self.coolDown, self.slowAfter) = (perEndpoint, threshold, coolDown, slowAfter)
    }

    /// Whether an attempt on `endpoint` may start at `now`; if so it is counted in flight.
    public mutating func admit(_ endpoint: String, now: Date) -> Bool {
        var state = endpoints[endpoint, default: Endpoint()]
        if let until = state.restingUntil {
            guard now >= until, state.inFlight == 0 else { return false }       // resting, or its one probe is under way
        } else if state.inFlight >= perEndpoint {
            return false
        }
        state.started.append(now)
        endpoints[endpoint] = state
        return true
    }

    /// An attempt on `endpoint` ended: `healthy` (the endpoint answered as a working receiver does) closes its breaker.
    public mutating func finished(_ endpoint: String, healthy: Bool, now: Date) {
        var state = endpoints[endpoint, default: Endpoint()]
        if !state.started.isEmpty { state.started.removeFirst() }
        if healthy {
            (state.failures, state.restingUntil) = (0, nil)
        } else {
            state.failures += 1
            if state.failures >= threshold { state.restingUntil = now.addingTimeInterval(coolDown) }
        }
        endpoints[endpoint] = state
    }

    /// The endpoints whose deliveries are passed over at `now`: resting or being probed, or degraded (failing, or slow to
    /// answer) and at their cap. A healthy endpoint at its cap is not: its deliveries are refused in turn, and soon taken.
    public func passedOver(now: Date) -> Set<String> {
        Set(endpoints.filter { _, state in
            if let until = state.restingUntil { return now < until || state.inFlight > 0 }
            let slow = state.started.first.map { now.timeIntervalSince($0) > slowAfter } ?? false
            return state.inFlight >= perEndpoint && (state.failures > 0 || slow)
        }.keys)
    }

    /// When the first resting endpoint may be probed, after `now`.
    public func nextProbe(after now: Date) -> Date? {
        endpoints.values.compactMap(\.restingUntil).filter { $0 > now }.min()
    }

    /// The endpoint a delivery goes to: a webhook's `scheme://host:port`; the channel itself for e-mail and SMS (one
    /// server each).
    public static func endpoint(of channel: DeliveryChannel, address: String?) -> String {
        guard channel == .webhook, let address, let components = URLComponents(string: address), let host = components.host else {
            return channel.rawValue
        }
        return "\(components.scheme ?? "http")://\(host):\(components.port ?? (components.scheme == "https" ? 443 : 80))"
    }

    /// Whether an answer shows a working receiver: any answer from a mail server; a webhook's or gateway's but 5xx and 429.
    public static func healthy(status: Int?, channel: DeliveryChannel) -> Bool {
        guard let status else { return false }
        return channel == .email || (status < 500 && status != 429)
    }
}
