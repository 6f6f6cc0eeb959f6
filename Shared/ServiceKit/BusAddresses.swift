/// The bus's two addresses. Publishers connect to `publish` (XSUB), subscribers to `subscribe` (XPUB);
/// the bus binds both. Every service's configuration has them under `bus:`.
public struct BusAddresses: Codable, Sendable, Equatable {
    public var publish: String
    public var subscribe: String

    public init(publish: String, subscribe: String) {
        self.publish = publish
        self.subscribe = subscribe
    }
}
