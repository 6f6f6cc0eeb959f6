import ArgumentParser
import Envelope
import Foundation
import Messaging
import Synchronization
import ZeroMQ

struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Print live events whose topic starts with a prefix, one JSON line each.",
        discussion: """
            Prints "# listening" once its subscription is in place (a producer has answered it; after 3 s without an answer it \
            says so), then one line per event published from then on.
            Example: whistle tail case.   |   whistle tail status.case.s01.   |   whistle tail "" (everything)
            """)

    @OptionGroup var suite: SuiteAddresses
    @Argument(help: "Topic prefix.") var prefix: String
    @Option(help: "Stop after this many events.") var count: Int?

    func run() async throws {
        try await Self.tail(buses: suite.busSubscribe, prefix: prefix, count: count, security: try suite.security(actingAs: "operator"))
    }

    /// How long `# listening` waits for a producer's heartbeat before it is printed anyway (no producer is up).
    static let listeningWait = 3000

    /// Subscribes from every bus and prints `{"topic","producer","sequence","event"}` lines, the first copy of
    /// each producer's sequence only (redundant buses bring each event once per bus); heartbeats are skipped.
    /// `# listening` comes first, once the subscription is in place: a producer answers a new subscription with a
    /// heartbeat at once, and the first message back (that heartbeat, or an event) shows the bus has passed it up.
    static func tail(buses: [String], prefix: String, count: Int?, security: SocketSecurity) async throws {
        let failure = Mutex<(any Error)?>(nil)
        await SocketThread(name: "whistle-tail") {
            do {
                let context = try ZMQContext()
                let subscriber = try security.busSubscriber(context, buses: buses, prefixes: [prefix, Heartbeat.topicPrefix])
                defer { subscriber.close() }
                var poller = Poller([.socket(subscriber)])
                let heard = try poller.poll(timeoutMilliseconds: listeningWait)[0]
                Console.line("# listening on \(buses.joined(separator: " and ")) for '\(prefix)'\(heard ? "" : " (no producer has answered yet)")")
                var printed = 0
                var seen = SeenCopies()
                while count.map({ printed < $0 }) ?? true {
                    guard let frames = try subscriber.receive(), let message = try? WireMessage(frames: frames),
                          !message.isHeartbeat, seen.first(producer: message.producer, sequence: message.sequence) else { continue }
                    let event = (try? JSONSerialization.jsonObject(with: message.payload)) ?? String(decoding: message.payload, as: UTF8.self)
                    let line: [String: Any] = ["topic": message.topic, "producer": message.producer,
                                               "sequence": message.sequence, "event": event]
                    let json = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
                    Console.line(String(decoding: json, as: UTF8.self))
                    printed += 1
                }
            } catch {
                failure.withLock { $0 = error }
            }
        }.finish()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}

/// The (producer, sequence) pairs printed lately, to print each event once when it comes by several buses;
/// the oldest are forgotten past `limit`.
struct SeenCopies {
    private var seen: Set<String> = []
    private var order: [String] = []
    private var oldest = 0
    let limit = 100_000

    /// True the first time this producer's sequence comes.
    mutating func first(producer: String, sequence: UInt64) -> Bool {
        let key = "\(producer)#\(sequence)"
        guard seen.insert(key).inserted else { return false }
        order.append(key)
        if order.count - oldest > limit {
            seen.remove(order[oldest])
            oldest += 1
            if oldest > limit { order.removeFirst(oldest); oldest = 0 }
        }
        return true
    }
}
