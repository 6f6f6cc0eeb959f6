import ServiceLifecycle

/// The loop of a service that works through what has fallen due (timers to fire, deliveries to
/// attempt): one pass after another while passes find work, a pause of `idle` when one finds none,
/// until graceful shutdown or cancellation (the pause ends at once on either).
public enum DueWork {
    /// Runs `pass` until shutdown; `pass` returns whether it found work (then the next pass follows at once).
    public static func run(idle: Duration, _ pass: () async -> Bool) async {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if await !pass() { try? await Task.sleep(for: idle) }
        }
    }
}
