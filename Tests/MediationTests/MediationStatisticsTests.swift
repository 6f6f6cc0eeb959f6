import Contracts
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import Testing
@testable import WhistleMediation

@Suite("Mediation's statistics by tier, against a count made by hand")
struct MediationStatisticsTests {
    let start = Date(timeIntervalSince1970: 1_795_000_000)
    let person = PersonRef(id: "m", name: "m")

    /// A dispute opened `day` days after the start that went through `results` (the last nil while open),
    /// a day at each tier.
    func file(_ id: String, day: Double, _ results: [StintResult?], referral: Referral? = nil) -> MediationFile {
        let opened = start.addingTimeInterval(day * 86_400)
        let levels = HandlingLevel.allCases
        let trail = results.enumerated().map { index, result in
            MediationStint(level: levels[index], mediator: person, from: opened.addingTimeInterval(Double(index) * 86_400),
                           until: result == nil ? nil : opened.addingTimeInterval(Double(index + 1) * 86_400), result: result)
        }
        let status: MediationStatus = switch results.last! {
        case nil: results.count == 1 ? .opened : .escalated
        case .agreed: .agreed
        case .referred: .referred
        case .failed: .failed
        case .escalated: .escalated
        case .declined: .declined
        case .refused: .refused
        }
        return MediationFile(mediation: id, caseID: id, category: "fljf", level: levels[results.count - 1],
                             location: GridLocation(street: "s01", community: "c01", grid: "g01"), mediator: person, description: "",
                             reporter: nil, status: status, openedAt: opened, outcome: nil, referral: referral,
                             concludedAt: trail.last?.until, trail: trail)
    }

    @Test("the 4321: 4 settled in the grid, 3 in the community, 2 at the street, 1 by the district; referrals, a top failure, open ones")
    func countsByTier() {
        let e = StintResult.escalated
        var files = (0..<4).map { file("g\($0)", day: 1, [.agreed]) }                    // settled in a day
        files += (0..<3).map { file("c\($0)", day: 2, [e, .agreed]) }                     // two days
        files += (0..<2).map { file("s\($0)", day: 3, [e, e, .agreed]) }                  // three days
        files += [file("d0", day: 4, [e, e, e, .agreed])]                                 // four days
        files += [file("r0", day: 5, [.referred], referral: .court), file("r1", day: 5, [e, .referred], referral: .arbitration)]
        files += [file("f0", day: 6, [e, e, e, .failed])]
        files += [file("o0", day: 7, [nil]), file("o1", day: 7, [e, nil])]
        files += [file("late", day: 40, [.agreed]), file("early", day: -1, [.agreed])]   // outside the period

        let report = MediationStatistics.report(files, from: start, to: start.addingTimeInterval(30 * 86_400))
        // By hand: received = disputes that reached the tier; each leaves it one way or is still there.
        //   grid:      4 settled, 3+2+1+1(r1)+1(f0)+1(o1) = 9 escalated, 1 referred (r0), 1 open (o0)        → 15 received
        //   community: 3 settled, 2+1+1 = 4 escalated, 1 referred (r1), 1 open (o1)                         → 9
        //   street:    2 settled, 2 escalated (d0, f0)                                                       → 4
        //   district:  1 settled, 1 failed                                                                   → 2
        #expect(report.tiers.map(\.level) == [.grid, .community, .street, .district])
        #expect(report.tiers.map(\.received) == [15, 9, 4, 2])
        #expect(report.tiers.map(\.settled) == [4, 3, 2, 1])
        #expect(report.tiers.map(\.escalated) == [9, 4, 2, 0])
        #expect(report.tiers.map(\.referred) == [1, 1, 0, 0])
        #expect(report.tiers.map(\.failed) == [0, 0, 0, 1])
        #expect(report.tiers.map(\.open) == [1, 1, 0, 0])
        #expect(report.tiers.map(\.settledPercent) == [40, 30, 20, 10])
        #expect(report.disputes == 15 && report.settled == 10 && report.referred == 2 && report.failed == 1 && report.open == 2)
        // Ended: 10 settled + 2 referred + 1 failed = 13; 10 of 13 = 76.9 %. Days: 4×1 + 3×2 + 2×3 + 4 + 1 + 2 + 4 = 27 over 13.
        #expect(report.successPercent == 76.9)
        #expect(report.averageDays == 2.08)
    }

    @Test("an empty period has no rates")
    func empty() {
        let report = MediationStatistics.report([], from: start, to: start.addingTimeInterval(86_400))
        #expect(report.disputes == 0 && report.successPercent == nil && report.averageDays == nil)
        #expect(report.tiers.allSatisfy { $0.received == 0 && $0.settledPercent == nil })
    }
}

@Suite("Mediation's statistics over a long period")
struct MediationStatisticsStoreTests {
    @Test("a period holding more disputes than SQLite binds variables at once (250,000 in Debian's build) is read whole, with every trail")
    func manyDisputes() throws {
        let store = try MediationStore(.inMemory, name: "mediation-1", logger: Logger(label: "test"))
        let count = 250_100      // past SQLite's 32,766 bound variables, and past the 250,000 of Debian's build
        try store.database.write { db in
            let numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(count))"
            try db.execute(sql: """
                \(numbers) INSERT INTO mediation_case (mediation_id, case_id, category, level, street, community, grid, mediator_id,
                    mediator_name, description, status, opened_at, outcome, concluded_at)
                SELECT 'm-' || i, 'c-' || i, 'fljf', 'grid', 's01', 'c01', 'g01', 'med-g01', '调解员', '', 'agreed', 1795000000 + i, 'agreed',
                    1795086400 + i FROM n;
                \(numbers) INSERT INTO mediation_stint (mediation_id, position, level, mediator_id, mediator_name, started_at, ended_at, result)
                SELECT 'm-' || i, 0, 'grid', 'med-g01', '调解员', 1795000000 + i, 1795086400 + i, 'agreed' FROM n;
                """)
        }
        let files = try store.files(openedFrom: Date(timeIntervalSince1970: 1_795_000_000), to: Date(timeIntervalSince1970: 1_796_000_000))
        #expect(files.count == count && files.allSatisfy { $0.trail.count == 1 && $0.trail[0].result == .agreed })
        let report = MediationStatistics.report(files, from: Date(timeIntervalSince1970: 1_795_000_000), to: Date(timeIntervalSince1970: 1_796_000_000))
        #expect(report.tiers[0].settled == count && report.successPercent == 100 && report.averageDays == 1)
    }
}
