import Logging
import Envelope
import Foundation
import ZeroMQ

extension ConsumerSession {
    /// For every producer with a gap and no request in flight, asks its replay endpoint for the
    /// missing range; requests that time out are retried with doubling back-off.
    func requestMissingRanges() {
        let now = ContinuousClock.now
        for producer in Array(cursors.keys) {
            var cursor = cursors[producer]!
            defer { cursors[producer] = cursor }
            if let replay = cursor.replay, now >= replay.deadline {
                stats.increment("replay_timeout")
                logger.warning("replay request timed out", metadata: ["producer": "\(producer)", "range": "\(replay.range)"])
                cursor.replay = nil
                cursor.failedAttempts += 1
                cursor.retryAfter = now + backoff(cursor.failedAttempts)
                dropDealer(producer)
            }
            guard cursor.replay == nil, let gap = cursor.gap, let endpoint = cursor.replayEndpoint else { continue }
            if let retryAfter = cursor.retryAfter, now < retryAfter { continue }
            requestCounter += 1
            let id = "\(configuration.name)-\(requestCounter)"
            let request = ReplayMessage.request(
                id: id, producer: producer, from: gap.lowerBound, to: gap.upperBound, prefixes: configuration.prefixes)
            do {
                try dealer(for: producer, endpoint: endpoint).send(request.frames, dontWait: true)
            } catch {
                // Not connected yet (IMMEDIATE) or the queue is full: try again shortly (a loopback or LAN connection
                // forms in a millisecond or two; a failed send costs nothing).
                cursor.retryAfter = now + .milliseconds(10)
                continue
            }
            stats.increment("replay_requested")
            cursor.replay = InFlightReplay(
                id: id, range: gap, deadline: now + timeout(cursor.failedAttempts))
        }
    }

    func drainReplies(from producer: String) throws {
        guard let socket = dealers[producer]?.socket else { return }
        while let frames = try socket.receive(dontWait: true) {
            let reply: ReplayMessage
            do {
                reply = try ReplayMessage(frames: frames)
            } catch {
                reject(error, context: "replay")
                continue
            }
            handle(reply, from: producer)
        }
    }

    private func handle(_ reply: ReplayMessage, from producer: String) {
        guard let inFlight = cursors[producer]?.replay else {
            stats.increment("replay_stale")
            return
        }
        switch reply {
        case .event(let id, let message) where id == inFlight.id && message.producer == producer:
            guard configuration.matches(message.topic), let delivered = validated(message) else { return }
            stats.increment("replayed")
            accept(delivered)
        case .end(let id, let through, let oldest) where id == inFlight.id:
            var cursor = cursors.removeValue(forKey: producer)!      // out of the table while its buffer changes
            guard inFlight.range.lowerBound <= cursor.applied + 1 else {
                // The cursor moved back (a failed commit) since this was asked: it proves nothing now.
                cursor.replay = nil
                cursors[producer] = cursor
                stats.increment("replay_stale")
                return
            }
            if oldest > cursor.applied + 1 {
                let lost = min(oldest - 1, through) - cursor.applied
                stats.increment("lost_to_retention", by: Int(lost))
                logger.error("events pruned before this consumer applied them",
                             metadata: ["producer": "\(producer)", "from": "\(cursor.applied + 1)", "count": "\(lost)"])
            }
            let released = cursor.advance(through: min(through, inFlight.range.upperBound))
            cursor.replay = nil
            cursor.failedAttempts = 0
            cursor.retryAfter = nil
            cursors[producer] = cursor
            dirty.insert(producer)
            take(released, from: producer, recent: cursor.recent)
        case .error(let id, let reason) where id == inFlight.id:
            stats.increment("replay_error")
            logger.warning("replay refused", metadata: ["producer": "\(producer)", "reason": "\(reason)"])
            var cursor = cursors[producer]!
            cursor.replay = nil
            cursor.failedAttempts += 1
            cursor.retryAfter = .now + backoff(cursor.failedAttempts)
            cursors[producer] = cursor
        default:
            stats.increment("replay_stale")
        }
    }

    private func dealer(for producer: String, endpoint: String) throws -> Socket {
        if let existing = dealers[producer], existing.endpoint == endpoint { return existing.socket }
        dropDealer(producer)
        let socket = try consumer.context.socket(.dealer)
        try socket.setImmediate(true)
        try socket.setHighWaterMarks(send: 100, receive: 0)
        try socket.setMaximumMessageSize(Int64(CloudEvent.maximumEncodedSize * 4))
        try socket.setReconnectInterval(milliseconds: 100, maximum: 1000)
        try socket.setHeartbeat(intervalMilliseconds: 1000, timeoutMilliseconds: 5000)
        try consumer.security.connect(socket, toServer: producer)      // a producer's key has its producer name
        try socket.attach(.connect(endpoint))
        dealers[producer] = (socket, endpoint)
        return socket
    }

    /// Closes a DEALER so that a late reply to an abandoned request can never be mistaken.
    private func dropDealer(_ producer: String) {
        dealers.removeValue(forKey: producer)?.socket.close()
    }

    private func timeout(_ attempts: Int) -> Duration {
        .milliseconds(configuration.replayTimeoutMilliseconds) * (1 << min(attempts, 4))
    }

    private func backoff(_ attempts: Int) -> Duration {
        min(.milliseconds(100) * (1 << min(attempts, 8)), .seconds(30))
    }
}
