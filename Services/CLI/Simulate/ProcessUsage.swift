import Foundation

/// CPU time and memory of the suite's processes on this host, from `/proc` (Linux): every process whose program is a
/// `whistle-…` service, named by its `WHISTLE_NAME` when it can be read (else program and pid).
struct ProcessUsage: Equatable {
    let name: String
    let pid: Int32
    /// User + system CPU time so far, in seconds.
    let cpuSeconds: Double
    /// Resident set now, and its peak (VmHWM), in MiB.
    let rssMiB, peakMiB: Double

    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// Every `whistle-…` service process now, by name.
    static func sample() -> [String: ProcessUsage] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap { Int32($0) } ?? []
        var found: [String: ProcessUsage] = [:]
        for pid in pids {
            guard let usage = usage(of: pid) else { continue }
            found[usage.name] = usage
        }
        return found
    }

    static func usage(of pid: Int32) -> ProcessUsage? {
        guard let command = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
              let program = command.split(separator: 0).first.map({ String(decoding: $0, as: UTF8.self) }),
              case let base = (program as NSString).lastPathComponent, base.hasPrefix("whistle-"), base != "whistle-bench",
              let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: stat.lastIndex(of: ")") ?? stat.startIndex)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        func kilobytes(_ key: String) -> Double {
            status.split(separator: "\n").first { $0.hasPrefix(key + ":") }
                .flatMap { Double($0.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "") } ?? 0
        }
        let environment = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")))?.split(separator: 0)
            .map { String(decoding: $0, as: UTF8.self) }.first { $0.hasPrefix("WHISTLE_NAME=") }?.dropFirst("WHISTLE_NAME=".count)
        return ProcessUsage(name: environment.map(String.init) ?? "\(base)[\(pid)]", pid: pid, cpuSeconds: (user + system) / ticksPerSecond,
                            rssMiB: kilobytes("VmRSS") / 1024, peakMiB: kilobytes("VmHWM") / 1024)
    }
}
