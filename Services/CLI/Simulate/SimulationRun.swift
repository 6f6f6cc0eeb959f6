import Envelope
import Foundation

/// The figures of one simulation as it goes: what was sent and how intake answered, each consumer's backlog every
/// second, and whether one grows without bound; then the report.
struct SimulationRun {
    let total: Int
    let rate: Double
    let limit: UInt64
    let before: [String: ProcessUsage]
    let started = ContinuousClock.now
    private(set) var sent: [SimulatedCity.Event.Kind: Int] = [:]
    private(set) var accepted = 0
    private(set) var refused: [String: Int] = [:]
    /// Each consumer's backlog at each 5 s check, and the largest seen.
    private(set) var checks: [String: [UInt64]] = [:]
    private(set) var largest: [String: UInt64] = [:]
    private var lastSecond = 0
    private var sinceCheck = 0

    init(total: Int, rate: Double, limit: UInt64, before: [String: ProcessUsage]) {
        (self.total, self.rate, self.limit, self.before) = (total, rate, limit, before)
    }

    mutating func count(_ kind: SimulatedCity.Event.Kind, reply: JSONValue?) {
        sent[kind, default: 0] += 1
        if reply?["status"]?.stringValue == "accepted" { accepted += 1 } else {
            refused[reply?["error"]?.stringValue ?? "no answer", default: 0] += 1
        }
    }

    /// True once per second of the run.
    mutating func secondPassed(at elapsed: Duration) -> Bool {
        let second = Int(elapsed.components.seconds)
        defer { lastSecond = second }
        return second > lastSecond
    }

    /// Notes the backlogs heard this second; every 5 s, a check.
    mutating func note(_ backlogs: [String: UInt64], elapsed: Duration) {
        for (consumer, backlog) in backlogs { largest[consumer] = max(largest[consumer] ?? 0, backlog) }
        sinceCheck += 1
        guard sinceCheck >= 5 else { return }
        sinceCheck = 0
        for (consumer, backlog) in backlogs { checks[consumer, default: []].append(backlog) }
    }

    /// A consumer whose backlog rose at each of the last three checks and is above the limit: it is not keeping up.
    var unbounded: String? {
        for (consumer, history) in checks.sorted(by: { $0.key < $1.key }) where history.count >= 4 {
            let last = Array(history.suffix(4))
            if zip(last, last.dropFirst()).allSatisfy({ $0 < $1 }), last[3] > limit {
                return "\(consumer)'s backlog grew without bound: \(last.map(String.init).joined(separator: " → ")) events over 15 s (limit \(limit)) — it does not keep up with \(SimulateCommand.figure(rate)) events/s"
            }
        }
        return nil
    }

    /// After the last event: waits up to 30 s for every backlog to reach 0 and every case opened to have its task.
    func drain(_ watch: SimulationWatch) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if watch.backlogs().values.allSatisfy({ $0 == 0 }) && watch.latencies().waiting == 0 { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    func undrained(_ backlogs: [String: UInt64]) -> String {
        let behind = backlogs.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return "the suite did not catch up within 30 s of the last event" + (behind.isEmpty ? " (cases still without a task)" : ": " + behind.joined(separator: ", "))
    }

    func progress(_ done: Int, latencies: (milliseconds: [Double], waiting: Int)) -> String {
        let width = 30, filled = total == 0 ? width : width * done / total
        let worst = largest.max { $0.value < $1.value }
        return "[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)"
            + " · p99 \(SimulationReport.format(SimulationReport.percentile(latencies.milliseconds, 0.99))) ms"
            + " · largest backlog \(worst.map { "\($0.key) \($0.value)" } ?? "none")"
    }

    func report(latencies: (milliseconds: [Double], waiting: Int), backlogs: [String: UInt64], after: [String: ProcessUsage],
                senders: Senders) -> SimulationReport {
        SimulationReport(run: self, latencies: latencies, backlogs: backlogs, after: after, acknowledged: senders.answered(.acknowledged),
                         resolved: senders.answered(.resolved), rated: senders.answered(.rated), elapsed: ContinuousClock.now - started)
    }
}
