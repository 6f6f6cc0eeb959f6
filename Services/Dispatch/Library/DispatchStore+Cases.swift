import CityModel
import Foundation
import GRDB
import Messaging

extension DispatchStore {
    /// The inbox handler for `case.reported.*`: takes the case and, unless it is a dispute (mediation
    /// takes those), makes one task per department — the lead (主办) and each assistant (协办) — each
    /// published on that department's own topic `task.<department>.<street>.<community>`.
    func receive(_ db: Database, _ delivered: DeliveredEvent) throws {
        guard delivered.event.type == "whistle.case.reported", case .object(let data)? = delivered.event.data else { return }
        func text(_ key: String) throws -> String {
            guard let value = data[key]?.stringValue else { throw CaseError.missing(key) }
            return value
        }
        let caseID = try text("case")
        let now = Date()
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO dispatch_case (case_id, category, level, priority, street, community, grid, description,
                    reporter, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [caseID, try text("category"), try text("level"), try text("priority"), try text("street"),
                        try text("community"), try text("grid"), try text("description"), data["reporter"]?.stringValue,
                        "received", now.timeIntervalSince1970, now.timeIntervalSince1970])
        guard db.changesCount == 1 else { return }
        let street = try text("street"), community = try text("community")
        if data["dispute"] == .bool(true) {
            try setStatus(db, caseID, "referred-to-mediation", now: now)
            return try record(db, caseID: caseID, action: "referred", note: "dispute: mediation takes it", now: now)
        }
        guard let departments = city.departments(for: try text("category"), street: street) else {
            try setStatus(db, caseID, "unrouted", now: now)
            return try record(db, caseID: caseID, action: "unrouted", note: "no routing rule for this category", now: now)
        }
        try setStatus(db, caseID, "dispatched", now: now)
        let acknowledgeBy = now.addingTimeInterval(acknowledgeWithin)
        for (department, role) in [(departments.lead, "lead")] + departments.assist.map({ ($0, "assist") }) {
            let task = "\(caseID)-\(department)"
            try db.execute(
                sql: """
                    INSERT INTO dispatch_task (task_id, case_id, department, role, state, acknowledge_by, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'dispatched', ?, ?, ?)
                    """,
                arguments: [task, caseID, department, role, acknowledgeBy.timeIntervalSince1970, now.timeIntervalSince1970,
                            now.timeIntervalSince1970])
            var payload = data
            payload["task"] = .string(task)
            payload["department"] = .string(department)
            payload["role"] = .string(role)
            payload["acknowledgeBy"] = .string(Date.ISO8601FormatStyle().format(acknowledgeBy))
            try outbox.append(
                db, topic: try Topic(["task", department, street, community]).name,
                event: CloudEvent(id: "\(task)-assigned", source: "/whistle/dispatch/\(outbox.producer)",
                                  type: "whistle.task.assigned", time: now, subject: task, data: .object(payload)))
        }
        try record(db, caseID: caseID, action: "dispatched", department: departments.lead,
                   note: "lead \(departments.lead)" + (departments.assist.isEmpty ? "" : ", assisting \(departments.assist.joined(separator: ", "))"),
                   extra: ["departments": .array(([departments.lead] + departments.assist).map(JSONValue.string))], now: now)
    }

    func setStatus(_ db: Database, _ caseID: String, _ status: String, now: Date) throws {
        try db.execute(sql: "UPDATE dispatch_case SET status = ?, updated_at = ? WHERE case_id = ?",
                       arguments: [status, now.timeIntervalSince1970, caseID])
    }
}

/// A `case.reported` event without a field dispatch needs; the consumer dead-letters it.
enum CaseError: Error { case missing(String) }
