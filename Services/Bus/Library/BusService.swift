public import Logging
public import ServiceKit
public import ServiceLifecycle
public import ZeroMQ

/// `whistle-bus`: the proxy, its operations server, and its readiness line.
public struct BusService: RunnableService {
    public static let label = "whistle-bus"
    public static let abstract = "The XSUB/XPUB proxy every Whistle service connects to."
    public static let example = "WHISTLE_BUS__PUBLISH=tcp://127.0.0.1:7100 WHISTLE_BUS__SUBSCRIBE=tcp://127.0.0.1:7101 whistle-bus"

    public let bus: Bus
    public let assembled: AssembledService
    public var services: [any Service] { assembled.services }

    public init(settings: ServiceSettings<ProxyOptions>, context: ZMQContext, logger: Logger) throws {
        let bus = Bus(addresses: settings.bus, maximumMessageSize: settings.options.maximumMessageSize, context: context, logger: logger)
        self.bus = bus
        let assembly = ServiceAssembly("bus", settings: settings, context: context, logger: logger)
        assembly.run(bus, announcing: [
            ("publish", { await bus.bound.value.map(\.publish) }), ("subscribe", { await bus.bound.value.map(\.subscribe) }),
        ])
        assembled = try assembly.finish()
    }
}

/// The bus's own section, `proxy:`.
public struct ProxyOptions: ServiceOptions {
    public static let section = "proxy"
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
