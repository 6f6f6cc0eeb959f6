import CityModel
public import Contracts
public import Foundation
public import GRDB
public import Messaging
import StoreKit

extension ServiceStore where Schema == IntakeSchema {
    /// What the store knows that bears on deciding `arrival`: a device's open case in the category and its
    /// memory, or the open cases of a resident's category near the report; the next case's number.
    public func context(_ db: Database, for arrival: Arrival, rules: IntakeRules, now: Date) throws -> IntakeContext {
        var context = IntakeContext(nextCaseNumber: try nextCaseNumber(db), producer: outbox.producer)
        switch arrival {
        case .signal(let signal):
            context.memory = try memory(db, of: signal.device)
        case .triaged(let triage):
            if let device = triage.device {
                context.memory = try memory(db, of: device)
                if triage.reading != nil { context.openCase = try openCase(db, device: device, category: triage.category.code) }
            } else if triage.origin == .resident, !triage.insist, !triage.category.isDispute, rules.duplicateRadius > 0,
                      let longitude = triage.longitude, let latitude = triage.latitude {
                context.nearby = try nearby(db, category: triage.category.code, longitude: longitude, latitude: latitude, rules: rules, now: now)
            }
        }
        return context
    }

    /// The number the next case opened gets (numbers are never reused: `intake_case` counts with AUTOINCREMENT).
    public func nextCaseNumber(_ db: Database) throws -> Int64 {
        let last = try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = 'intake_case'")) ?? 0
        return last + 1
    }

    /// Records a decision in the caller's transaction: the event as received, the case opened (with its
    /// public status) or joined, what the device said, the watches armed, disarmed or dropped, the events.
    public func record(_ db: Database, _ decision: IntakeDecision, at now: Date) throws {
        if let opened = decision.opened {
            _ = try IntakeCaseRecord(opened, at: now).inserted(db)
            _ = try PublicStatusRecord(caseID: opened.caseID, opened.status).inserted(db)
        }
        if let joined = decision.joined {
            try IntakeCaseRecord.filter(IntakeCaseRecord.Columns.caseID == joined).updateAll(db, IntakeCaseRecord.Columns.alarmCount += 1)
        }
        if let received = decision.received {
            _ = try ReceivedEventRecord(received, caseID: decision.caseID, at: now).inserted(db)
        }
        if let heard = decision.heard {
            _ = try DeviceMemoryRecord(device: heard.device, heard.memory, heardAt: heard.at).saved(db)
        }
        for change in decision.watches { try record(db, change) }
        try outbox.append(db, decision.emissions, time: now)
    }

    func record(_ db: Database, _ change: WatchChange) throws {
        switch change {
        case .arm(let kind, let subject, let due): _ = try WatchRecord(kind: kind.rawValue, subject: subject, dueAt: due).saved(db)
        case .disarm(let kind, let subject): _ = try WatchRecord(kind: kind.rawValue, subject: subject, dueAt: nil).saved(db)
        case .drop(let kind, let subject): _ = try WatchRecord.deleteOne(db, key: ["kind": kind.rawValue, "subject": subject])
        }
    }

    /// What a device said before (nothing yet: an empty memory).
    func memory(_ db: Database, of device: String) throws -> DeviceMemory {
        try DeviceMemoryRecord.fetchOne(db, key: device)?.memory ?? DeviceMemory()
    }

    /// The device's newest case in `category`, when the public view still has it open.
    func openCase(_ db: Database, device: String, category: String) throws -> String? {
        let columns = IntakeCaseRecord.Columns.self
        let newest = try IntakeCaseRecord.filter(columns.device == device && columns.category == category).order(columns.number.desc).fetchOne(db)
        guard let caseID = newest?.caseID, let status = try PublicStatusRecord.fetchOne(db, key: caseID), status.isOpen else { return nil }
        return caseID
    }

    /// Open cases of `category` with coordinates inside the duplicate radius's box around a report, opened within the window.
    func nearby(_ db: Database, category: String, longitude: Double, latitude: Double, rules: IntakeRules, now: Date) throws -> [NearbyCase] {
        let span = rules.span(atLatitude: latitude)
        return try NearbyCaseRow.fetchAll(db.cachedStatement(sql: """
            SELECT c.case_id, c.longitude, c.latitude, c.created_at FROM intake_case c JOIN intake_public_status s ON s.case_id = c.case_id
            WHERE c.category = ? AND c.created_at >= ? AND s.open = 1 AND c.device IS NULL
              AND c.longitude BETWEEN ? AND ? AND c.latitude BETWEEN ? AND ?
            ORDER BY c.created_at DESC LIMIT 50
            """), arguments: [category, now.timeIntervalSince1970 - rules.duplicateWindow, longitude - span.longitude,
                              longitude + span.longitude, latitude - span.latitude, latitude + span.latitude]).map(\.nearby)
    }

    /// What else to keep with a new event, given its case id and what intake did (opened it, linked to it), in
    /// its transaction.
    public typealias Attachment = @Sendable (Database, String, IngestOutcome) throws -> Void

    /// How many cases intake has opened.
    public func caseCount() throws -> Int { try database.read(IntakeCaseRecord.fetchCount) }
}

/// Intake's own SQLite file: every event as received (keyed by CloudEvents `source` + `id`; `case_id` is
/// empty for an event that belongs to no case — its answer is in the request journal), the cases opened
/// from them, the device registry, what each device said last, the durable watches (silent devices,
/// residents under care), the outbox that announces each case, each case's public status (moved by
/// dispatch's steps, which it consumes) and what Open311 requests said beyond their report. It loads what a
/// decision needs and records what was decided; it decides nothing.
public enum IntakeSchema: StoreSchema { public static let service = "intake" }

public typealias IntakeStore = ServiceStore<IntakeSchema>
