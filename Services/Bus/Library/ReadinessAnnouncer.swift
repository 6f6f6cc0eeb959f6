public import ServiceLifecycle
import ServiceKit

/// Prints `READY bus publish=... subscribe=...` once the proxy is bound, then waits for shutdown.
public struct ReadinessAnnouncer: Service {
    let bus: Bus

    public init(bus: Bus) { self.bus = bus }

    public func run() async throws {
        // On failure the bus itself throws; waiting here lets its error be the one reported.
        if case .success(let addresses) = await bus.bound.value {
            ServiceRunner.announceReady("bus", ["publish": addresses.publish, "subscribe": addresses.subscribe])
        }
        try? await gracefulShutdown()
    }
}
