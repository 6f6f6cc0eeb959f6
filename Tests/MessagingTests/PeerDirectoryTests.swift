import Envelope
import Foundation
import Testing
@testable import Messaging

@Suite("Peer directory: the instances a service's HTTP front asks")
struct PeerDirectoryTests {
    private func beat(_ directory: PeerDirectory, _ name: String, epoch: UInt64, claims: [String], http: String?) {
        let heartbeat = Heartbeat(replay: "tcp://127.0.0.1:1", oldest: 1, claims: claims, addresses: http.map { ["http": $0] })
        directory.record(WireMessage(topic: Heartbeat.topic(for: name), producer: name, epoch: epoch, sequence: 0, payload: Data()), heartbeat)
    }

    @Test("the instances of the service that are up, in name order; another service's and one not yet up are left out")
    func instances() {
        let directory = PeerDirectory()
        beat(directory, "dispatch-s02", epoch: 1, claims: ["dispatch:s02"], http: "http://h2:8081")
        beat(directory, "dispatch-s01", epoch: 1, claims: ["dispatch:s01"], http: "http://h1:8081")
        beat(directory, "dispatch-s03", epoch: 1, claims: ["dispatch:s03"], http: nil)          // not up yet: no addresses
        beat(directory, "mediation-s01", epoch: 1, claims: ["mediation:s01"], http: "http://h1:8083")
        beat(directory, "intake-1", epoch: 1, claims: [], http: "http://h1:8082")
        #expect(directory.instances(of: "dispatch").map(\.name) == ["dispatch-s01", "dispatch-s02"])
        #expect(directory.instances(of: "mediation").map(\.name) == ["mediation-s01"])
        #expect(directory.instances(of: nil).map(\.name) == ["dispatch-s01", "dispatch-s02", "mediation-s01"])      // intake owns no streets
        #expect(directory.peer(named: "dispatch-s03")?.addresses.isEmpty == true)
    }

    @Test("of a moved instance and its stale copy, the newer epoch's addresses are kept")
    func newestEpoch() {
        let directory = PeerDirectory()
        beat(directory, "dispatch-s02", epoch: 7, claims: ["dispatch:s02"], http: "http://new:8081")
        beat(directory, "dispatch-s02", epoch: 6, claims: ["dispatch:s02"], http: "http://old:8081")
        #expect(directory.instances(of: "dispatch").map { $0.addresses["http"] } == ["http://new:8081"])
    }

    @Test("an instance not heard within the freshness window is no longer asked")
    func freshness() async throws {
        let directory = PeerDirectory()
        beat(directory, "dispatch-s02", epoch: 1, claims: ["dispatch:s02"], http: "http://h2:8081")
        try await Task.sleep(for: .milliseconds(30))
        #expect(directory.instances(of: "dispatch", freshness: .milliseconds(10)).isEmpty)
        #expect(directory.instances(of: "dispatch", freshness: .seconds(5)).count == 1)
    }
}
