import CityModel
import Foundation

/// `whistle-bench --city <file>`: how long every service takes to read a city file at start, and the memory it holds.
enum CityLoadBench {
    static func run(path: String) throws {
        let before = residentBytes()
        let start = ContinuousClock.now
        let city = try City.load(path: path)
        let elapsed = ContinuousClock.now - start
        let after = residentBytes()
        let grids = city.streets.reduce(0) { $0 + $1.communities.reduce(0) { $0 + $1.grids.count } }
        print("city load: \(grids) grids, \(city.residents.count) residents, \((city.devices?.registry ?? []).count) devices"
            + " — \(String(format: "%.2f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)) s,"
            + " RSS \(before / 1_048_576) → \(after / 1_048_576) MiB (peak \(peakBytes() / 1_048_576) MiB)")
    }

    /// VmRSS and VmHWM of this process from /proc/self/status.
    static func residentBytes() -> Int { status("VmRSS:") }
    static func peakBytes() -> Int { status("VmHWM:") }

    private static func status(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field) }) else { return 0 }
        return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0) * 1024
    }
}
