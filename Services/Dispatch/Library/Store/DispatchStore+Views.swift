public import Contracts
public import Foundation
import GRDB
public import Messaging

extension ServiceStore where Schema == DispatchSchema {
    /// A case as `GET /cases/<id>` and `whistle case` show it, its traffic lights as of `now`; nil when
    /// there is no such case.
    public func view(of caseID: String, rules: Governance, at now: Date) throws -> CaseView? {
        try database.read { db in
            guard let file = try file(db, case: caseID) else { return nil }
            let history = try HistoryRecord.filter(HistoryRecord.Columns.caseID == caseID).order(HistoryRecord.Columns.step).fetchAll(db)
            var tasks = file.tasks.sorted { ($0.createdAt, $0.task) < ($1.createdAt, $1.task) }
            var orders = file.orders
            for index in tasks.indices { tasks[index].light = rules.light(of: tasks[index], category: file.category, at: now) }
            for index in orders.indices { orders[index].light = rules.light(of: orders[index], at: now) }
            let light = (tasks.compactMap(\.light) + orders.compactMap(\.light)).max() ?? .green
            let report = file.report
            return CaseView(
                caseID: caseID, category: file.category, level: file.level, priority: report.priority, location: file.location,
                description: report.description, reporter: file.reporter, status: file.status, whistledLevel: file.whistledLevel, light: light,
                round: file.round, rating: file.rating, closure: file.closure, createdAt: file.createdAt, updatedAt: file.updatedAt,
                tasks: tasks, orders: orders, history: history.map(\.entry))
        }
    }

    /// The evaluation of the cases reported from `from` until `to`, as of `now`, of the cases whose place
    /// `counted` accepts.
    public func stats(from: Date, to: Date, by grouping: StatsGrouping, rules: Governance, at now: Date,
                      counted: (GridLocation) -> Bool = { _ in true }) throws -> StatsReport {
        try database.read { db in
            let window = CaseRecord.filter(CaseRecord.Columns.createdAt >= from.timeIntervalSince1970 && CaseRecord.Columns.createdAt < to.timeIntervalSince1970)
            let cases = try window.order(CaseRecord.Columns.caseID).fetchAll(db)
            let inWindow = "SELECT case_id FROM dispatch_case WHERE created_at >= ? AND created_at < ?"
            let arguments: StatementArguments = [from.timeIntervalSince1970, to.timeIntervalSince1970]
            let tasks = Dictionary(grouping: try TaskRecord.fetchAll(db, sql: "SELECT * FROM dispatch_task WHERE case_id IN (\(inWindow)) ORDER BY created_at, task_id", arguments: arguments), by: \.caseID)
            let orders = Dictionary(grouping: try OrderRecord.fetchAll(db, sql: "SELECT * FROM dispatch_order WHERE case_id IN (\(inWindow)) ORDER BY created_at", arguments: arguments), by: \.caseID)
            let ratings = Dictionary(grouping: try RatingRecord.fetchAll(db, sql: "SELECT * FROM dispatch_rating WHERE case_id IN (\(inWindow)) ORDER BY round", arguments: arguments), by: \.caseID)
            var evaluation = Evaluation(rules: rules, by: grouping, at: now)
            for record in cases {
                let location = GridLocation(street: record.street, community: record.community, grid: record.grid)
                guard counted(location) else { continue }
                let rounds = ratings[record.caseID] ?? []
                let file = try record.file(tasks: tasks[record.caseID] ?? [], orders: orders[record.caseID] ?? [], rating: rounds.last)
                evaluation.add(file, ratings: rounds.map(\.rating))
            }
            return evaluation.report(from: from, to: to)
        }
    }
}
