import ArgumentParser
import Foundation
import GRDB

/// Compares what the producer committed with what the consumer applied.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Print lost=N duplicated=N out_of_order=N; exit 1 unless all are 0.")

    @Option(help: "The producer's SQLite file.") var producerDb: String
    @Option(help: "The consumer's SQLite file.") var consumerDb: String
    @Option(help: "Only events whose topic starts with this count as expected.") var prefix = "probe."

    func run() throws {
        var readOnly = Configuration()
        readOnly.readonly = true
        let committed = try DatabaseQueue(path: producerDb, configuration: readOnly).read { db in
            try Row.fetchAll(db, sql: "SELECT idx, topic FROM probe_sent")
        }
        let expected = Set(committed.filter { ($0[1] as String).hasPrefix(prefix) }.map { $0[0] as Int })
        let received = try DatabaseQueue(path: consumerDb, configuration: readOnly).read { db in
            try Row.fetchAll(db, sql: "SELECT idx, sequence FROM probe_received ORDER BY id")
        }
        let indexes = received.map { $0[0] as Int }
        let sequences = received.map { $0[1] as Int64 }
        let distinct = Set(indexes)
        let lost = expected.subtracting(distinct).count
        let duplicated = indexes.count - distinct.count
        let unexpected = distinct.subtracting(expected).count
        let outOfOrder = zip(sequences, sequences.dropFirst()).filter { $0 >= $1 }.count
        print("expected=\(expected.count) received=\(indexes.count) lost=\(lost) duplicated=\(duplicated) out_of_order=\(outOfOrder) unexpected=\(unexpected)")
        print("lost=\(lost) duplicated=\(duplicated) out_of_order=\(outOfOrder)")
        if lost + duplicated + outOfOrder + unexpected > 0 { throw ExitCode.failure }
    }
}
