/// One bus's two addresses. Publishers connect to `publish` (XSUB), subscribers to `subscribe` (XPUB);
/// the bus binds both. Every service's configuration has them under `bus:` — one bus, or a list of
/// redundant ones, each of which every producer publishes to and every consumer subscribes from (the
/// consumer keeps the first copy of each producer's sequence).
public struct BusAddresses: Codable, Sendable, Equatable {
    public var publish: String
    public var subscribe: String

    public init(publish: String, subscribe: String) {
        self.publish = publish
        self.subscribe = subscribe
    }
}

extension ServiceSettings {
    /// Throws unless `buses` is at least one bus, each address a ZeroMQ address, none named twice.
    static func check(buses: [BusAddresses]) throws(ConfigurationError) {
        guard !buses.isEmpty else { throw .invalid(key: "bus", reason: "name at least one bus: {publish: …, subscribe: …}") }
        var seen: Set<String> = []
        for (index, bus) in buses.enumerated() {
            let key = buses.count == 1 ? "bus" : "bus[\(index)]"
            for (address, member) in [(bus.publish, "publish"), (bus.subscribe, "subscribe")] {
                try check(address: address, key: "\(key).\(member)")
                guard seen.insert(address).inserted else {
                    throw .invalid(key: "\(key).\(member)", reason: "'\(address)' is named twice; each bus has its own two addresses")
                }
            }
        }
    }
}
