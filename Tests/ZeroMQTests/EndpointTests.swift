import Testing
import ZeroMQ

@Suite("Endpoint: the address a peer connects to")
struct EndpointTests {
    @Test("a wildcard host becomes the advertised one, for ZeroMQ and HTTP addresses alike; a named host stays", arguments: [
        ("tcp://0.0.0.0:7300", "tcp://dispatch-s01-0.dispatch-s01:7300"),
        ("tcp://*:7300", "tcp://dispatch-s01-0.dispatch-s01:7300"),
        ("tcp://[::]:7300", "tcp://dispatch-s01-0.dispatch-s01:7300"),
        ("http://0.0.0.0:8081", "http://dispatch-s01-0.dispatch-s01:8081"),
        ("http://[::]:8081", "http://dispatch-s01-0.dispatch-s01:8081"),
        ("tcp://10.77.0.4:7300", "tcp://10.77.0.4:7300"),
        ("http://127.0.0.1:8081", "http://127.0.0.1:8081"),
        ("ipc:///tmp/whistle.sock", "ipc:///tmp/whistle.sock"),
    ])
    func connectable(bound: String, expected: String) {
        #expect(Endpoint.connectable(boundAddress: bound, advertisedHost: "dispatch-s01-0.dispatch-s01") == expected)
    }
}
