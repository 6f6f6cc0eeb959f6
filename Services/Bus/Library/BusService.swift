public import ServiceKit
import ZeroMQ

/// `whistle-bus`: the proxy, its operations server, and its readiness line.
public struct BusService: RunnableService {
    public let bus: Bus
    public let assembled: AssembledService

    public init(settings: ServiceSettings<ProxyOptions>, environment: ServiceEnvironment) throws {
        let assembly = try ServiceAssembly(settings: settings, environment: environment)
        bus = Bus(addresses: settings.bus, maximumMessageSize: settings.options.maximumMessageSize, context: environment.context,
                  security: assembly.security, logger: environment.logger)
        let bus = self.bus
        assembly.run(bus, announcing: [
            ("publish", { await bus.bound.value.map(\.publish) }), ("subscribe", { await bus.bound.value.map(\.subscribe) }),
        ])
        assembled = try assembly.finish()
    }
}
