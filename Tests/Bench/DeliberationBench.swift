import CityModel
import Contracts
import Envelope
import Foundation
import Messaging
import SuiteTestKit

/// Deliberation at a community's scale: a proposal to 10,000 households, every household's vote answered after
/// its commit, `workers` at a time on kept-open connections (as a resident app's servers would send them).
enum DeliberationBench {
    static func votes(households: Int, workers: Int) async throws -> Measurement {
        var city = try City.demo()
        city.households = (0..<households).map { City.Household(id: "h\($0)", community: "c01", building: String($0 % 40), area: 60 + Double($0 % 90)) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bench-city-\(UUID().uuidString.prefix(6)).json")
        try JSONEncoder().encode(city).write(to: file)      // YAML is a superset of JSON
        defer { try? FileManager.default.removeItem(at: file) }
        var tuning = InProcessSuite.Tuning()
        tuning.city = file.path
        let suite = try await InProcessSuite([.mediation], tuning: tuning)
        let address = try (suite.endpoints["mediation"]?["commands"]).orThrow("no mediation commands")
        let office = ReplyConnection(address, context: suite.context)
        let opened = try await ask(office, ProposalCommand(command: "open", staff: "co-c01", proposal: "bench", action: .open, community: "c01",
                                                           question: "bench", rule: .doubleMajority, closesAt: Date().addingTimeInterval(86_400)))
        guard opened.state == "open" else { throw BenchFailure("the proposal did not open: \(opened)") }
        let start = nowMicroseconds()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    let connection = ReplyConnection(address, context: suite.context)
                    for index in stride(from: worker, to: households, by: workers) {
                        let reply = try await ask(connection, VoteCommand(command: "v\(index)", proposal: "bench", household: "h\(index)",
                                                                          voter: "r-\(index)", choice: index % 4 == 0 ? .disagree : .agree))
                        guard reply.status == .ok else { throw BenchFailure("vote refused: \(reply)") }
                    }
                    await connection.close()
                }
            }
            try await group.waitForAll()
        }
        let seconds = (nowMicroseconds() - start) / 1_000_000
        let closed = try await ask(office, ProposalCommand(command: "close", staff: "co-c01", proposal: "bench", action: .close))
        guard closed.state == "passed" else { throw BenchFailure("the count went wrong: \(closed)") }
        await office.close()
        await suite.stop()
        return Measurement(events: households, seconds: seconds)
    }

    static func ask(_ connection: ReplyConnection, _ command: some CommandContract) async throws -> CommandReply {
        let bytes = try await connection.ask([try JSONValueEncoder().encode(command).jsonData()])
        return try JSONValueDecoder().decode(CommandReply.self, from: JSONValue.parse(bytes))
    }
}
