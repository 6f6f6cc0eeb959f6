import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// A wake-up signal that any thread may ring and a socket thread can poll beside its sockets
/// (a Linux `eventfd`). Rings coalesce: many rings before a wait wake it once.
public final class Doorbell: Sendable {
    /// The descriptor to put in a `Poller` as `.fileDescriptor`.
    public let fileDescriptor: Int32

    public init() {
        fileDescriptor = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        precondition(fileDescriptor >= 0, "eventfd failed: errno \(errno)")
    }

    deinit { close(fileDescriptor) }

    /// Wakes the polling thread. Safe from any thread, never blocks.
    public func ring() {
        var one: UInt64 = 1
        _ = write(fileDescriptor, &one, MemoryLayout<UInt64>.size)
    }

    /// Clears pending rings; call after the poller reports the doorbell readable.
    public func clear() {
        var count: UInt64 = 0
        _ = read(fileDescriptor, &count, MemoryLayout<UInt64>.size)
    }
}
