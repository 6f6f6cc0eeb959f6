public import ServiceLifecycle
public import ServiceKit

/// Prints `READY bus publish=... subscribe=...` once the proxy is bound, then waits for shutdown.
public struct ReadinessAnnouncer: Service {
    let bus: Bus
    let operations: OperationsServer

    public init(bus: Bus, operations: OperationsServer) {
        self.bus = bus
        self.operations = operations
    }

    public func run() async throws {
        // On failure the bus itself throws; waiting here lets its error be the one reported.
        if case .success(let addresses) = await bus.bound.value, case .success(let http) = await operations.address.value {
            ServiceRunner.announceReady("bus", ["publish": addresses.publish, "subscribe": addresses.subscribe, "http": http])
        }
        try? await gracefulShutdown()
    }
}
