import CityModel
import Contracts
import Envelope
import Foundation
import Messaging
import SuiteTestKit

/// Disputes through mediation's whole life in the real suite: reported to intake, opened by mediation from the
/// bus, then accepted with two parties, the agreement drafted, signed by both, sealed, judicial confirmation
/// applied for and a follow-up visit recorded — eight commands each on mediation's endpoint, every one answered
/// after its commit, `workers` disputes at a time, each worker on its own kept-open connections.
enum DisputeBench {
    static let grids = ["g01", "g02", "g04", "g05", "g07", "g08", "g10", "g11"]

    static func lifecycle(disputes: Int, workers: Int) async throws -> Measurement {
        try await LadderClient.workers(disputes, at: workers, in: [.intake, .mediation], commandsOf: "mediation", each: live)
    }

    static func live(_ client: LadderClient, _ index: Int) async throws {
        let grid = grids[index % grids.count]
        let caseID = try await client.report("dispute-\(index)", category: "fljf", grid: grid)
        func act(_ action: MediatorAction, _ fill: (inout MediatorCommand) -> Void = { _ in }) async throws -> CommandReply {
            var command = MediatorCommand(command: UUID().uuidString, mediator: "med-\(grid)", mediation: "m-\(caseID)", action: action)
            fill(&command)
            return try await client.command(command)
        }
        let accept: (inout MediatorCommand) -> Void = {
            $0.rightsTold = true
            $0.parties = [PartyEntry(name: "张三", side: .applicant, contact: "13800000001"), PartyEntry(name: "李四", side: .respondent)]
        }
        var accepted = try await act(.accept, accept)
        while accepted.error == .unknownMediation {                  // mediation has not taken it from the bus yet
            try await Task.sleep(for: .milliseconds(1))
            accepted = try await act(.accept, accept)
        }
        try LadderBench.check(accepted)
        try LadderBench.check(try await act(.draft) {
            $0.agreement = AgreementTerms(facts: "漏水", matters: "维修费", responsibilities: "李四", terms: "赔偿800元", performanceWay: "转账",
                                          performancePlace: "调解室", performanceBy: "2099-01-15")
        })
        for party in ["p1", "p2"] { try LadderBench.check(try await act(.sign) { $0.party = party }) }
        let sealed = try await act(.seal)
        guard sealed.state == "agreed" else { throw BenchFailure("dispute \(caseID) was not sealed: \(sealed)") }
        try LadderBench.check(try await act(.confirm) { $0.application = .applied; $0.court = "区人民法院" })
        try LadderBench.check(try await act(.followUp) { $0.performance = .performed })
    }
}
