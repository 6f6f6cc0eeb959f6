public import ServiceKit
import ZeroMQ

/// `whistle-bus`: the proxy, its operations server, and its readiness line.
public struct BusService: RunnableService {
    public let bus: Bus
    public let assembled: AssembledService

    public init(settings: ServiceSettings<ProxyOptions>, environment: ServiceEnvironment) throws {
        bus = Bus(addresses: settings.bus, maximumMessageSize: settings.options.maximumMessageSize, context: environment.context,
                  logger: environment.logger)
        let assembly = ServiceAssembly(settings: settings, environment: environment)
        let bus = self.bus
        assembly.run(bus, announcing: [
            ("publish", { await bus.bound.value.map(\.publish) }), ("subscribe", { await bus.bound.value.map(\.subscribe) }),
        ])
        assembled = try assembly.finish()
    }
}
