public import ServiceKit

/// The bus's own section, `proxy:`.
public struct ProxyOptions: ServiceOptions {
    public static let section = "proxy"
    public static let service = "bus"
    public static let defaultName = "bus"
    /// A message larger than this (bytes) gets its sender disconnected.
    public var maximumMessageSize = 1 << 20

    public init() {}

    public func validate() throws(ConfigurationError) {
        guard (1024...(64 << 20)).contains(maximumMessageSize) else {
            throw .invalid(key: "proxy.maximumMessageSize", reason: "must be between 1024 and 67108864 bytes")
        }
    }
}
