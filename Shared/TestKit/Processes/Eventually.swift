public import Foundation

/// A test failure with a message, thrown by the kit's waiting helpers.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Polls `condition` until it holds or `timeout` passes; never a bare sleep-and-hope.
/// Throws a `TestFailure` naming what was awaited. `condition` may throw to fail at once.
public func eventually(
    _ what: String, timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(20),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try await condition() { return }
        if ContinuousClock.now >= deadline { throw TestFailure("timed out after \(timeout) waiting until \(what)") }
        try await Task.sleep(for: interval)
    }
}

/// A fresh folder under the system temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
    public let url: URL

    public init(_ label: String = "whistle") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A free TCP port on loopback for a listener a test names before it binds, drawn from below the kernel's ephemeral
/// range. A port from that range (what binding port 0 hands out) can be taken before the listener binds it, as the local
/// end of any outgoing connection — a socket reconnecting, an HTTP client — and the bind then fails with "Address
/// already in use" (it did, once, in CI); nothing takes a port below the range unless asked for it by number.
public func freeTCPPort() -> Int {
    let ephemeral = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
        .flatMap { $0.split(whereSeparator: \.isWhitespace).first }.flatMap { Int($0) } ?? 32_768
    let below = 10_000..<max(10_001, ephemeral)
    for _ in 0..<200 {
        if let port = loopbackPort(binding: Int.random(in: below)) { return port }
    }
    return loopbackPort(binding: 0) ?? 0
}

/// Binds a TCP socket to `port` on loopback (0: any) and releases it; the port it was given, nil when the bind failed.
private func loopbackPort(binding port: Int) -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    guard bound == 0 else { return nil }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}
