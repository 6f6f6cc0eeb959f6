public import Foundation
import GRDB

extension DispatchStore {
    /// A case, its tasks and its history as JSON (for `GET /cases/<id>` and `whistle case`), or nil.
    public func caseJSON(_ caseID: String) throws -> Data? {
        try database.read { db -> Data? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM dispatch_case WHERE case_id = ?", arguments: [caseID]) else { return nil }
            func object(_ row: Row) -> [String: Any] {
                var result: [String: Any] = [:]
                for (column, value) in row {
                    switch value.storage {
                    case .null: continue
                    case .int64(let number): result[column] = number
                    case .double(let number) where column.hasSuffix("_at") || column.hasSuffix("_by") || column == "at":
                        result[column] = Date(timeIntervalSince1970: number).formatted(.iso8601)
                    case .double(let number): result[column] = number
                    case .string(let text): result[column] = text
                    case .blob: continue
                    }
                }
                return result
            }
            var document = object(row)
            document["tasks"] = try Row.fetchAll(db, sql: "SELECT * FROM dispatch_task WHERE case_id = ? ORDER BY role DESC, task_id",
                                                 arguments: [caseID]).map(object)
            document["history"] = try Row.fetchAll(db, sql: "SELECT action, department, task_id, note, at FROM dispatch_history WHERE case_id = ? ORDER BY id",
                                                   arguments: [caseID]).map(object)
            return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        }
    }
}
