import Contracts
import Credentials
import Envelope
import Foundation
import GRDB
import Logging
import Messaging
import StoreKit
import Testing
import TestKit
import Timekeeping
@testable import ServiceKit

/// A note command, for trying the desk on its own: `text` "refuse" is refused, "poison" breaks the store.
struct NoteCommand: CommandContract, Equatable {
    static let commandName = "note-command"
    static let summary = "A note to keep."
    var command, writer, text: String
}

@Suite("The request desk: admission, idempotency, refusals journaled, group commit")
struct RequestDeskTests {
    let clock = ManualClock()

    /// A desk over a store with a journal and a `note` table, counting its commits.
    final class Notes: TransactionObserver, @unchecked Sendable {
        let database: any DatabaseWriter
        var commits = 0

        init(_ location: StoreLocation) throws {
            var migrator = DatabaseMigrator()
            RequestJournal.registerMigrations(in: &migrator)
            migrator.registerMigration("notes") { db in try db.execute(sql: "CREATE TABLE note (text TEXT PRIMARY KEY, writer TEXT NOT NULL)") }
            database = try StoreDatabase.open(location, migrator: migrator, logger: Logger(label: "test"))
            database.add(transactionObserver: self, extent: .databaseLifetime)
        }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) { commits += 1 }
        func databaseDidRollback(_ db: Database) {}

        var texts: [String] { (try? database.read { db in try String.fetchAll(db, sql: "SELECT text FROM note ORDER BY text") }) ?? [] }
    }

    func endpoint() -> CommandEndpoint<NoteCommand> {
        CommandEndpoint(issuer: \.writer, authorize: CommandEndpoint<NoteCommand>.actingAs(.department, named: \.writer)) { db, note, _, _ in
            switch note.text {
            case "refuse": throw Refused(.invalidTransition, "not now")
            case "poison": try db.execute(sql: "INSERT INTO nowhere VALUES (1)")
            default: try db.execute(sql: "INSERT INTO note (text, writer) VALUES (?, ?)", arguments: [note.text, note.writer])
            }
            return .ok(note.command, caseID: nil, state: "kept")
        }
    }

    func frame(_ id: String, _ text: String, writer: String = "cg") -> ReplyServer.Request {
        ReplyServer.Request(payload: try! JSONValueEncoder().encode(NoteCommand(command: id, writer: writer, text: text)).jsonData(), sender: nil)
    }

    func reply(_ bytes: Data) throws -> CommandReply { try JSONValueDecoder().decode(CommandReply.self, from: JSONValue.parse(bytes)) }

    @Test("a burst with a poisoned request in the middle: each gets its own answer, its neighbours commit, in one transaction")
    func groupCommit() throws {
        let notes = try Notes(.inMemory)
        let desk = RequestDesk(endpoint(), database: notes.database, clock: clock, logger: Logger(label: "test"), stats: DeliveryStats(role: "t", name: "t"))
        let before = notes.commits
        let batch = [frame("1", "a"), frame("2", "poison"), frame("3", "refuse"), frame("4", "d"), frame("1", "a"), frame("1", "other"),
                     ReplyServer.Request(payload: Data("{".utf8), sender: nil), ReplyServer.Request(payload: nil, sender: nil)]
        let bytes = desk.answer(batch: batch)
        let replies = try bytes.map(reply)
        #expect(replies.map(\.status) == [.ok, .error, .error, .ok, .ok, .error, .error, .error])
        #expect(replies.map(\.error) == [nil, .unavailable, .invalidTransition, nil, nil, .commandIDReused, .malformedCommand, .malformedCommand])
        #expect(bytes[4] == bytes[0], "the same id and body again in the burst: the first answer, byte for byte")
        #expect(notes.texts == ["a", "d"], "the poisoned and the refused request changed nothing; their neighbours committed")
        #expect(notes.commits == before + 1, "one transaction for the whole burst")
        let again = desk.answer(batch: [frame("2", "poison"), frame("3", "refuse"), frame("2", "b")])
        #expect(try reply(again[0]).error == .unavailable, "a store failure was not journaled: the retry is carried out again")
        #expect(again[1] == bytes[2], "a refusal was journaled: the retry gets the identical refusal")
        #expect(try reply(again[2]).status == .ok && notes.texts == ["a", "b", "d"], "id 2 was never used: another body may take it")
    }

    @Test("the journal outlives the process: after the store is reopened, the same id gets the identical bytes and changes nothing")
    func idempotentAcrossRestarts() throws {
        let folder = try TemporaryDirectory("desk")
        defer { folder.remove() }
        let first = try Notes(.file(folder.path("notes.sqlite")))
        let answered = RequestDesk(endpoint(), database: first.database, clock: clock, logger: Logger(label: "t"), stats: DeliveryStats(role: "t", name: "t"))
            .answer(frame("7", "kept").payload, from: nil)
        let reopened = try Notes(.file(folder.path("notes.sqlite")))
        let desk = RequestDesk(endpoint(), database: reopened.database, clock: clock, logger: Logger(label: "t"), stats: DeliveryStats(role: "t", name: "t"))
        #expect(desk.answer(frame("7", "kept").payload, from: nil) == answered)
        #expect(reopened.texts == ["kept"])
        #expect(try reply(desk.answer(frame("7", "kept too", writer: "pcs").payload, from: nil)).status == .ok, "ids are kept per issuer")
    }

    @Test("with keys: an unlisted key is forbidden, a key over its rate rate_limited, another's command refused — none journaled")
    func admission() throws {
        let folder = try TemporaryDirectory("desk-keys")
        defer { folder.remove() }
        let keys = KeyDirectory(folder.path("keys"))
        for (identity, role) in [("cg", Role.department), ("pcs", .department), ("resident-app", .integrator)] {
            _ = try keys.create(identity: identity, role: role, at: Date())
        }
        let security = try SocketSecurity(keys: keys.path, identity: "cg")
        var limits = RateLimits()
        limits.department = RateLimits.Rate(perSecond: 0.001, burst: 2)
        let notes = try Notes(.inMemory)
        let desk = RequestDesk(endpoint(), database: notes.database, clock: clock, security: security, rateLimiter: RateLimiter(limits),
                               logger: Logger(label: "t"), stats: DeliveryStats(role: "t", name: "t"))
        func ask(_ id: String, _ text: String, writer: String = "cg", as sender: String?) throws -> CommandReply {
            try reply(desk.answer(frame(id, text, writer: writer).payload, from: sender))
        }
        #expect(try ask("1", "a", as: nil).error == .forbidden, "no key")
        #expect(try ask("1", "a", as: "stranger").error == .forbidden, "a key not listed")
        #expect(try ask("1", "a", writer: "pcs", as: "cg").error == .forbidden, "cg does not write as pcs")
        #expect(try ask("2", "b", as: "resident-app").error == .forbidden, "an integrator sends no department's commands")
        #expect(try ask("1", "a", as: "cg").status == .ok)
        #expect(try ask("3", "c", as: "cg").error == .rateLimited, "cg's bucket held two")
        #expect(try ask("3", "c", writer: "pcs", as: "pcs").status == .ok, "pcs has a bucket of its own")
        #expect(notes.texts == ["a", "c"])
        let journaled = try notes.database.read { db in try String.fetchAll(db, sql: "SELECT command FROM whistle_command_journal WHERE issuer = 'cg'") }
        #expect(journaled == ["1"], "refusals at the door are not journaled: the same id may come back")
    }

    @Test("a web console's key sends the commands of the people it signs in, of the roles it acts for; another service's key does not")
    func console() throws {
        let folder = try TemporaryDirectory("desk-console")
        defer { folder.remove() }
        let keys = KeyDirectory(folder.path("keys"))
        _ = try keys.create(identity: "cg", role: .department, at: Date())
        _ = try keys.create(identity: "console-1", role: .service, actsFor: [.department], at: Date())
        _ = try keys.create(identity: "console-2", role: .service, actsFor: [.staff], at: Date())
        _ = try keys.create(identity: "dispatch-1", role: .service, at: Date())
        #expect(throws: CredentialError.self, "only a service's key acts for others") {
            try keys.create(identity: "cg-2", role: .department, actsFor: [.staff], at: Date())
        }
        let security = try SocketSecurity(keys: keys.path, identity: "cg")
        let notes = try Notes(.inMemory)
        let desk = RequestDesk(endpoint(), database: notes.database, clock: clock, security: security, rateLimiter: RateLimiter(RateLimits()),
                               logger: Logger(label: "t"), stats: DeliveryStats(role: "t", name: "t"))
        func ask(_ id: String, _ text: String, as sender: String) throws -> CommandReply {
            try reply(desk.answer(frame(id, text, writer: "cg").payload, from: sender))
        }
        #expect(try ask("1", "from the console", as: "console-1").status == .ok)
        #expect(try ask("2", "x", as: "console-2").error == .forbidden, "console-2 acts for staff, not departments")
        #expect(try ask("3", "y", as: "dispatch-1").error == .forbidden, "a service's key that acts for nobody")
        #expect(try ask("1", "from the console", as: "cg").status == .ok, "the same id from cg's own key: the journal's answer")
        #expect(notes.texts == ["from the console"])
    }
}
