import CityModel
import Contracts
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import ServiceKit
import Testing
import TestKit
import Timekeeping
@testable import WhistleMediation

@Suite("Mediation's migrations carry a store written by an earlier release")
struct MediationMigrationTests {
    @Test("a case opened before outcomes were kept (v1) is read after v2 and concluded by its mediator")
    func carriesAnOpenCase() throws {
        let directory = try TemporaryDirectory("mediation-migration")
        defer { directory.remove() }
        let path = directory.path("mediation.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try MediationStore.migrator.migrate(queue, upTo: "mediation-v1")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO mediation_case VALUES ('m-intake-1-4', 'intake-1-4', 'fljf', 'grid', 's01', 'c01', 'g03',
                                                       'med-g03', '调解员', '邻居噪音', 'r-004', 'opened', 1795395600)
                    """)
            }
        }
        let store = try MediationStore(.file(path), name: "mediation-1", logger: Logger(label: "test"))
        let file = try #require(try store.mediation(forCase: "intake-1-4"))
        #expect(file.mediation == "m-intake-1-4" && file.status == .opened && file.mediator.id == "med-g03" && file.outcome == nil)

        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_396_000))
        let endpoints = MediationEndpoints(store: store, desk: MediationDesk(city: try .demo()), clock: clock)
        let desk = RequestDesk(endpoints.commands, database: store.database, clock: clock, logger: Logger(label: "test"),
                               stats: DeliveryStats(role: "desk", name: "test"))
        let command = MediatorCommand(command: "c-1", mediator: "med-g03", mediation: "m-intake-1-4", action: .conclude, outcome: .agreed)
        let reply = try JSONValueDecoder().decode(CommandReply.self, from: JSONValue.parse(desk.answer(try JSONValueEncoder().encode(command).jsonData(),
                                                                                                       from: nil)))
        #expect(reply.status == .ok && reply.state == "agreed")
        let concluded = try #require(try store.mediation(forCase: "intake-1-4"))
        #expect(concluded.status == .agreed && concluded.outcome == .agreed && concluded.concludedAt == clock.now())
    }
}

@Suite("Mediation's tiers and time limits migrations (v3, v4) carry a v2 store")
struct MediationTiersMigrationTests {
    @Test("a v2 case gets its first tier; a failure with a referral becomes referred; an open one climbs to the community")
    func carriesTiers() throws {
        let directory = try TemporaryDirectory("mediation-migration-v3")
        defer { directory.remove() }
        let path = directory.path("mediation.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try MediationStore.migrator.migrate(queue, upTo: "mediation-v2")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO mediation_case (mediation_id, case_id, category, level, street, community, grid, mediator_id, mediator_name,
                                                description, reporter, status, opened_at, outcome, referral, note, concluded_at)
                    VALUES ('m-a', 'a', 'fljf', 'grid', 's01', 'c01', 'g03', 'med-g03', '调解员', '噪音', 'r-001', 'failed', 1795395600,
                            'failed', 'court', '不同意', 1795482000),
                           ('m-b', 'b', 'fljf', 'grid', 's01', 'c01', 'g03', 'med-g03', '调解员', '漏水', 'r-002', 'opened', 1795395600,
                            NULL, NULL, NULL, NULL)
                    """)
            }
        }
        let store = try MediationStore(.file(path), name: "mediation-1", logger: Logger(label: "test"))
        let referred = try #require(try store.mediation(forCase: "a"))
        #expect(referred.status == .referred && referred.referral == .court)
        #expect(referred.trail == [MediationStint(level: .grid, mediator: PersonRef(id: "med-g03", name: "调解员"),
                                                  from: Date(timeIntervalSince1970: 1_795_395_600), until: Date(timeIntervalSince1970: 1_795_482_000),
                                                  result: .referred, note: "不同意")])
        let open = try #require(try store.mediation(forCase: "b"))
        #expect(open.trail.count == 1 && open.trail[0].result == nil && open.trail[0].until == nil)
        #expect(open.dueAt == Date(timeIntervalSince1970: 1_795_395_600 + 30 * 86_400) && referred.dueAt == nil,
                "v4 gives an open case the default month from the start of its tier")

        let clock = ManualClock(Date(timeIntervalSince1970: 1_795_500_000))
        let climbed = try MediationDesk(city: try .demo()).act(
            MediatorCommand(command: "c", mediator: "med-g03", mediation: "m-b", action: .conclude, outcome: .failed), file: open, now: clock.now())
        try store.database.write { db in try store.record(db, climbed, at: clock.now()) }
        let after = try #require(try store.mediation(forCase: "b"))
        #expect(after.status == .escalated && after.mediator.id == "med-c01" && after.trail.map(\.result) == [.escalated, nil])
    }
}

@Suite("Mediation's lifecycle and deliberation-steps migrations (v6, v7) carry a v5 store")
struct MediationLifecycleMigrationTests {
    @Test("an open v5 case keeps its time limit as its timer; a v5 proposal, open and voted, survives the table's rebuild and closes")
    func carriesCasesAndProposals() throws {
        let directory = try TemporaryDirectory("mediation-migration-v7")
        defer { directory.remove() }
        let path = directory.path("mediation.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try MediationStore.migrator.migrate(queue, upTo: "mediation-v5-deliberation")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO mediation_case (mediation_id, case_id, category, level, street, community, grid, mediator_id, mediator_name,
                                                description, status, opened_at, due_at)
                        VALUES ('m-intake-1-4', 'intake-1-4', 'fljf', 'grid', 's01', 'c01', 'g03', 'med-g03', '调解员', '邻居噪音', 'opened',
                                1795395600, 1797987600);
                    INSERT INTO mediation_stint (mediation_id, position, level, mediator_id, mediator_name, started_at)
                        VALUES ('m-intake-1-4', 0, 'grid', 'med-g03', '调解员', 1795395600);
                    INSERT INTO deliberation_proposal (proposal_id, street, community, building, question, opened_by, rule, changeable, opened_at,
                                                       closes_at, status)
                        VALUES ('lift-3', 's01', 'c01', '3', '3号楼加装电梯', 'co-c01', 'majority', 1, 1795395600, 1795482000, 'open');
                    INSERT INTO deliberation_roll VALUES ('lift-3', 'c01-3-1', 90, NULL), ('lift-3', 'c01-3-2', 90, NULL);
                    INSERT INTO deliberation_vote VALUES ('lift-3', 'c01-3-1', 'r-001', 'agree', 1795400000), ('lift-3', 'c01-3-2', 'r-002', 'agree', 1795400000);
                    """)
            }
        }
        let store = try MediationStore(.file(path), name: "mediation-1", logger: Logger(label: "test"))
        let due = try store.database.read { db in try store.timersDue(db, at: Date(timeIntervalSince1970: 1_797_987_600), limit: 10) }
        #expect(due.map(\.mediation) == ["m-intake-1-4"] && due.first?.parties == [] && due.first?.steps == 0)
        let proposal = try #require(try store.database.read { db in try store.proposal(db, "lift-3") })
        #expect(proposal.status == .open && proposal.rule == .majority && proposal.stages.isEmpty && proposal.closesAt == Date(timeIntervalSince1970: 1_795_482_000))
        let closing = try store.database.read { db in try store.closing(db, at: Date(timeIntervalSince1970: 1_795_482_000), limit: 10) }
        let (asked, votes) = try store.database.read { db in try store.ballot(db, proposal: "lift-3") }
        let open = try #require(closing.first)
        let decided = try #require(DeliberationDesk(city: try .demo()).closingTimePassed(open, asked: asked, votes: votes,
                                                                                         now: Date(timeIntervalSince1970: 1_795_482_000)))
        #expect(decided.file.passed == true && decided.file.tally?.agree == 2)
        #expect(votes == ["c01-3-1": Ballot(.agree), "c01-3-2": Ballot(.agree)] && open.options == nil, "v9: an earlier vote is a choice, no option")
        try store.database.write { db in try store.record(db, decided, at: Date(timeIntervalSince1970: 1_795_482_000)) }
        let recorded = try #require(try store.database.read { db in try store.proposal(db, "lift-3") })
        #expect(recorded.status == .decided && recorded.chosen == nil && recorded.tally?.options == nil)
    }
}
