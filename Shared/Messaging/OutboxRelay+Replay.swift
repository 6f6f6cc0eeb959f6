import Logging
import Envelope
import Foundation
import GRDB
import ZeroMQ
import Credentials

extension OutboxRelay {
    /// Answers every replay request waiting on the ROUTER. A bad request gets an `ERROR` reply
    /// (when it can be addressed) and is counted; it never stops the relay. With security on, a
    /// requester gets only the topics its certificate lets it read (asking for more is `forbidden`).
    func serveReplays(on router: Socket, cursor: RelayCursor) throws {
        var served = 0
        while served < 100, let message = try router.receiveMessage(dontWait: true) {
            let frames = message.frames
            served += 1
            guard frames.count >= 2 else {
                reject("malformed.wrong_frame_count", reason: "a replay request needs a command frame")
                continue
            }
            let identity = frames[0]
            let body = Array(frames.dropFirst())
            let requestID = String(decoding: body.count > 1 ? body[1].prefix(64) : Data(), as: UTF8.self)
            let request: ReplayMessage
            do {
                request = try ReplayMessage(frames: body)
            } catch {
                reject("malformed.\(error.kind)", reason: error.description, to: identity, id: requestID, on: router)
                continue
            }
            guard case .request(let id, let producer, let from, let to, let prefixes) = request else {
                reject("malformed.not_a_request", reason: "expected REPLAY", to: identity, id: requestID, on: router)
                continue
            }
            guard producer == outbox.producer else {
                reject("unknown_producer", reason: "this endpoint replays '\(outbox.producer)', not '\(producer)'",
                       to: identity, id: id, on: router)
                continue
            }
            guard from >= 1, from <= to else {
                reject("malformed.bad_range", reason: "range \(from)...\(to) is empty or starts below 1",
                       to: identity, id: id, on: router)
                continue
            }
            if let requester = message.userID, let keyRing = security.keyRing,
               let refused = (prefixes.isEmpty ? [""] : prefixes).first(where: { !keyRing.maySubscribe(requester, to: $0) }) {
                reject("forbidden", reason: "'\(requester)' may not read topics under '\(refused)'", to: identity, id: id, on: router)
                continue
            }
            stats.increment("replay_request")
            try reply(to: identity, id: id, from: from, to: to, prefixes: prefixes, epoch: cursor.epoch, on: router)
        }
    }

    /// Sends the matching events of `from...to` in order, at most `replayEventLimit` of them and
    /// scanning at most ten times that many rows, then END with how far the reply got.
    private func reply(
        to identity: Data, id: String, from: UInt64, to: UInt64, prefixes: [String], epoch: UInt64, on router: Socket
    ) throws {
        let limit = OutboxRelay.replayEventLimit
        let (head, oldest) = try database.read { db in (try Outbox.head(db), try Outbox.oldest(db)) }
        let last = min(to, head)
        var next = max(from, oldest)
        var sent = 0
        var scanned = 0
        while next <= last, sent < limit, scanned < limit * 10 {
            let start = next
            // Read a little at a time and send it at once: the consumer applies the first events while the next are read.
            let chunk = OutboxRelay.replayReadChunk
            let rows = try database.read { try Outbox.rows($0, from: start, to: last, limit: chunk) }
            guard let lastRow = rows.last else { next = last + 1; break }
            scanned += rows.count
            for row in rows where prefixes.isEmpty || prefixes.contains(where: { row.topic.hasPrefix($0) }) {
                if sent == limit { next = row.sequence; break }
                let message = WireMessage(
                    topic: row.topic, producer: outbox.producer, epoch: epoch, sequence: row.sequence, payload: row.payload)
                guard send([identity] + ReplayMessage.event(id: id, message).frames, on: router) else { return }
                sent += 1
                next = row.sequence + 1
            }
            if sent < limit { next = rows.count < chunk ? last + 1 : lastRow.sequence + 1 }
        }
        stats.increment("replayed", by: sent)
        let through = min(max(from, next) - 1, max(last, from - 1))
        _ = send([identity] + ReplayMessage.end(id: id, through: through, oldest: oldest).frames, on: router)
    }

    /// Counts a bad request, answers it when it can, and logs the 1st, 2nd, 4th, 8th … of each kind (a
    /// client sending garbage must not flood the log).
    private func reject(_ counter: String, reason: String, to identity: Data? = nil, id: String = "", on router: Socket? = nil) {
        stats.increment("rejected.\(counter)")
        let count = stats["rejected.\(counter)"]
        if count & (count - 1) == 0 {
            logger.warning("replay request rejected", metadata: ["reason": "\(reason)", "kind": "\(counter)", "count": "\(count)"])
        }
        if let identity, let router {
            _ = send([identity] + ReplayMessage.error(id: id, reason: reason).frames, on: router)
        }
    }

    /// Sends without blocking; a peer that vanished or stopped reading loses this reply (it retries).
    private func send(_ frames: [Data], on router: Socket) -> Bool {
        do {
            try router.send(frames, dontWait: true)
            return true
        } catch {
            stats.increment("replay_send_failed")
            return false
        }
    }
}
