public import ServiceKit
import ZeroMQ

/// `whistle-bus`: the proxy, its operations server, and its readiness line.
public struct BusService: RunnableService {
    public let bus: Bus
    public let assembled: AssembledService

    public init(settings: ServiceSettings<ProxyOptions>, environment: ServiceEnvironment) throws {
        guard settings.buses.count == 1, let addresses = settings.buses.first else {
            throw ConfigurationError.invalid(key: "bus", reason: "a bus binds one {publish, subscribe}, not a list; give each bus its own process")
        }
        let assembly = try ServiceAssembly(settings: settings, environment: environment)
        bus = Bus(addresses: addresses, maximumMessageSize: settings.options.maximumMessageSize, context: environment.context,
                  security: assembly.security, logger: environment.logger)
        let bus = self.bus
        assembly.run(bus, announcing: [
            ("publish", { await bus.bound.value.map(\.publish) }), ("subscribe", { await bus.bound.value.map(\.subscribe) }),
        ])
        assembled = try assembly.finish()
    }
}
