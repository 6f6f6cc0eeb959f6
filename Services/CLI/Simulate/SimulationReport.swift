import Foundation

/// What `whistle simulate` prints at the end: as text for people, or one JSON object.
struct SimulationReport {
    let run: SimulationRun
    let latencies: (milliseconds: [Double], waiting: Int)
    let backlogs: [String: UInt64]
    let after: [String: ProcessUsage]
    /// Departments' acknowledgements, grid workers' resolutions and residents' ratings: taken and refused.
    let acknowledged, resolved, rated: (ok: Int, refused: Int)
    let elapsed: Duration

    /// The nearest-rank percentile (the smallest latency with at least `q` of them at or below it); nil for none.
    static func percentile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
    }

    static func format(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "–" }

    private var seconds: Double { Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18 }

    /// Each service process's CPU over the run (percent of one core) and memory at the end.
    private var processes: [(name: String, cpu: Double, rss: Double, peak: Double)] {
        after.sorted { $0.key < $1.key }.map { name, usage in
            let used = usage.cpuSeconds - (run.before[name].map { $0.pid == usage.pid ? $0.cpuSeconds : 0 } ?? 0)
            return (name, 100 * used / max(seconds, 0.001), usage.rssMiB, usage.peakMiB)
        }
    }

    private var sentTotal: Int { run.sent.values.reduce(0, +) }

    var text: String {
        let kinds = SimulatedCity.Event.Kind.allCases.map { "\($0.rawValue) \(run.sent[$0] ?? 0)" }.joined(separator: ", ")
        let refusals = run.refused.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        var lines = [
            "sent \(sentTotal) in \(String(format: "%.1f", seconds)) s (\(kinds)); accepted \(run.accepted), refused \(run.refused.values.reduce(0, +))"
                + (refusals.isEmpty ? "" : " (\(refusals))"),
            "report→task: p50 \(Self.format(Self.percentile(latencies.milliseconds, 0.5))) ms, p99 \(Self.format(Self.percentile(latencies.milliseconds, 0.99))) ms"
                + " over \(latencies.milliseconds.count) cases opened (\(latencies.waiting) still without a task)",
            "departments acknowledged \(acknowledged.ok) tasks (\(acknowledged.refused) refused); grid workers resolved \(resolved.ok) cases"
                + " (\(resolved.refused) refused); residents rated \(rated.ok), closing them (\(rated.refused) refused)",
            "backlog (events not yet applied): now / largest seen",
        ]
        lines += backlogs.sorted { $0.key < $1.key }.map { "  \($0.key.padding(toLength: 18, withPad: " ", startingAt: 0)) \($0.value) / \(run.largest[$0.key] ?? $0.value)" }
        lines.append("process              cpu %   rss MiB   peak MiB")
        lines += processes.map { row in
            "  \(row.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(String(format: "%6.1f   %7.1f   %8.1f", row.cpu, row.rss, row.peak))"
        }
        return lines.joined(separator: "\n")
    }

    /// The figures as `--json` prints them.
    struct Figures: Encodable {
        struct Latency: Encodable {
            let cases, waiting: Int
            let p50Milliseconds, p99Milliseconds: Double?
        }
        struct Backlog: Encodable { let now, largest: UInt64 }
        struct Usage: Encodable { let cpuPercent, rssMiB, peakMiB: Double }

        let seconds, rate: Double
        let sent: [String: Int]
        let accepted: Int
        let refused: [String: Int]
        let reportToTask: Latency
        let acknowledged, acknowledgementsRefused, resolved, resolutionsRefused, rated, ratingsRefused: Int
        let backlogs: [String: Backlog]
        let processes: [String: Usage]
    }

    var figures: Figures {
        Figures(seconds: seconds, rate: run.rate, sent: Dictionary(uniqueKeysWithValues: run.sent.map { ($0.key.rawValue, $0.value) }),
                accepted: run.accepted, refused: run.refused,
                reportToTask: .init(cases: latencies.milliseconds.count, waiting: latencies.waiting,
                                    p50Milliseconds: Self.percentile(latencies.milliseconds, 0.5),
                                    p99Milliseconds: Self.percentile(latencies.milliseconds, 0.99)),
                acknowledged: acknowledged.ok, acknowledgementsRefused: acknowledged.refused, resolved: resolved.ok,
                resolutionsRefused: resolved.refused, rated: rated.ok, ratingsRefused: rated.refused,
                backlogs: Dictionary(uniqueKeysWithValues: backlogs.map { ($0.key, Figures.Backlog(now: $0.value, largest: run.largest[$0.key] ?? $0.value)) }),
                processes: Dictionary(uniqueKeysWithValues: processes.map { ($0.name, Figures.Usage(cpuPercent: $0.cpu, rssMiB: $0.rss, peakMiB: $0.peak)) }))
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(figures)) ?? Data(), as: UTF8.self)
    }
}
