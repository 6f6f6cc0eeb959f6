import Synchronization

/// A value that a socket thread hands out once it is up (a bound address, or the error that
/// stopped it), which any number of tasks can wait for.
public final class StartupSignal<Value: Sendable>: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Value, Never>])
        case done(Value)
    }

    private let state = Mutex<State>(.waiting([]))

    public init() {}

    /// Sets the value and wakes every waiter; later calls are ignored.
    public func complete(_ value: Value) {
        let waiters: [CheckedContinuation<Value, Never>] = state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .done(value)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// Whether the value is set.
    public var isComplete: Bool {
        state.withLock { state in
            if case .done = state { return true }
            return false
        }
    }

    public var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                let ready: Value? = state.withLock { state in
                    switch state {
                    case .done(let value): return value
                    case .waiting(let waiters):
                        state = .waiting(waiters + [continuation])
                        return nil
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }

    public var currentValue: Value? {
        state.withLock { if case .done(let value) = $0 { value } else { nil } }
    }
}
