/// Where a socket attaches, and whether it binds or connects there.
///
/// Written as text the way CZMQ does: `@tcp://*:5555` binds, `>tcp://127.0.0.1:5555` connects,
/// and a bare address uses the socket's default. `tcp://127.0.0.1:*` binds an ephemeral port;
/// `Socket.attach(_:)` reports the port that was chosen.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Mode: Sendable, Hashable { case bind, connect }

    public var mode: Mode
    public var address: String

    public init(_ mode: Mode, _ address: String) {
        self.mode = mode
        self.address = address
    }

    public static func bind(_ address: String) -> Endpoint { Endpoint(.bind, address) }
    public static func connect(_ address: String) -> Endpoint { Endpoint(.connect, address) }

    /// Parses `@addr`, `>addr`, or a bare `addr` (which takes `defaultMode`).
    public init?(parsing text: String, defaultMode: Mode) {
        let text = text.trimmingCharacters(in: .whitespaces)
        var mode = defaultMode
        var address = Substring(text)
        if address.first == "@" { mode = .bind; address = address.dropFirst() }
        else if address.first == ">" { mode = .connect; address = address.dropFirst() }
        let transports = ["tcp://", "ipc://", "inproc://"]
        guard transports.contains(where: { address.hasPrefix($0) }), address.count > 6 else { return nil }
        self.init(mode, String(address))
    }

    public var description: String { (mode == .bind ? "@" : ">") + address }
}

extension Endpoint {
    /// The address a peer should connect to, given the address actually bound:
    /// a wildcard host (`*`, `0.0.0.0`, `[::]`) is replaced by `advertisedHost` — for a ZeroMQ address
    /// (`tcp://0.0.0.0:7300`) and an HTTP server's (`http://0.0.0.0:8081`) alike.
    public static func connectable(boundAddress: String, advertisedHost: String = "127.0.0.1") -> String {
        for scheme in ["tcp://", "http://"] {
            for host in ["0.0.0.0", "*", "[::]"] where boundAddress.hasPrefix(scheme + host + ":") {
                return scheme + advertisedHost + ":" + boundAddress.dropFirst(scheme.count + host.count + 1)
            }
        }
        return boundAddress
    }
}

#if canImport(Foundation)
import Foundation
#endif
