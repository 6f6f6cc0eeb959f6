import Foundation
import GRDB
import Synchronization
import ZeroMQ

/// What the hardware and libraries do with no delivery guarantees on top.
enum Baselines {
    /// PUSH→PULL over loopback tcp, each message carrying its send time; p50/p99 include queueing.
    static func pushPull(events: Int, payloadBytes: Int) throws -> Measurement {
        let context = try ZMQContext()
        let address = Mutex<String?>(nil)
        let result = Mutex<Measurement?>(nil)
        let receiver = SocketThread(name: "bench-pull") {
            do {
                let pull = try context.socket(.pull)
                try pull.setHighWaterMarks(send: 0, receive: 0)
                address.withLock { $0 = try? pull.attach(.bind("tcp://127.0.0.1:*")) }
                var latencies: [Double] = []
                latencies.reserveCapacity(events)
                var start = 0.0
                for index in 0..<events {
                    guard let frames = try pull.receive() else { continue }
                    let sent = frames[0].withUnsafeBytes { $0.loadUnaligned(as: Double.self) }
                    if index == 0 { start = sent }
                    latencies.append(nowMicroseconds() - sent)
                }
                result.withLock { $0 = Measurement(events: events, seconds: (nowMicroseconds() - start) / 1e6, latenciesMicroseconds: latencies) }
            } catch {
                print("push/pull receiver failed: \(error)")
            }
        }
        while address.withLock({ $0 }) == nil { Thread.sleep(forTimeInterval: 0.001) }
        let sender = SocketThread(name: "bench-push") {
            do {
                let push = try context.socket(.push)
                try push.setHighWaterMarks(send: 0, receive: 0)
                try push.attach(.connect(address.withLock { $0! }))
                var payload = Data(count: payloadBytes)
                for _ in 0..<events {
                    var now = nowMicroseconds()
                    withUnsafeBytes(of: &now) { payload.replaceSubrange(0..<8, with: $0) }
                    try push.send([payload])
                }
                try push.setLinger(milliseconds: 5000)
            } catch {
                print("push/pull sender failed: \(error)")
            }
        }
        receiver.join()
        sender.join()
        return result.withLock { $0! }
    }

    /// Batched inserts of `payloadBytes` rows into SQLite in WAL mode with synchronous=FULL, the
    /// durability Whistle's outbox uses.
    static func sqliteBatched(events: Int, payloadBytes: Int, batch: Int, path: String) throws -> Measurement {
        let pool = try DatabasePool(path: path)
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "CREATE TABLE raw (id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT, payload BLOB, created_at REAL)")
        }
        let payload = Data(repeating: 0x61, count: payloadBytes)
        let start = nowMicroseconds()
        var written = 0
        while written < events {
            let count = min(batch, events - written)
            try pool.write { db in
                let statement = try db.cachedStatement(sql: "INSERT INTO raw (topic, payload, created_at) VALUES (?, ?, ?)")
                for _ in 0..<count { try statement.execute(arguments: ["bench.raw.s01", payload, Date().timeIntervalSince1970]) }
            }
            written += count
        }
        return Measurement(events: events, seconds: (nowMicroseconds() - start) / 1e6)
    }
}

/// Starts the release `whistle-bus` beside this binary and reads its resident memory once idle.
enum IdleMemory {
    static func busResidentMegabytes() throws -> Double {
        let bus = Process()
        bus.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("whistle-bus")
        bus.environment = ["WHISTLE_BUS__PUBLISH": "tcp://127.0.0.1:*", "WHISTLE_BUS__SUBSCRIBE": "tcp://127.0.0.1:*"]
        let output = Pipe()
        bus.standardOutput = output
        bus.standardError = FileHandle.nullDevice
        try bus.run()
        defer { bus.terminate(); bus.waitUntilExit() }
        var seen = ""
        while !seen.contains("READY bus") {  // the bus is up and idle once it has said so
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw CocoaError(.fileReadUnknown) }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        let status = try String(contentsOfFile: "/proc/\(bus.processIdentifier)/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        let kilobytes = Double(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "0") ?? 0
        return kilobytes / 1024
    }
}
