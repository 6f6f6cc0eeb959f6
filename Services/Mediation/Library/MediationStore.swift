public import GRDB
public import Logging
public import Messaging
public import StoreKit
public import CityModel
import Foundation

/// Mediation's own SQLite file: mediation cases opened from dispute reports, with the mediator at the
/// level the dispute starts (the grid's mediator for small matters, the community's for bigger ones).
public final class MediationStore: Sendable {
    public let database: any DatabaseWriter
    public let outbox: Outbox
    let city: City

    public init(_ location: StoreLocation, producer: String, city: City, logger: Logger) throws {
        var migrator = DatabaseMigrator()
        Outbox.registerMigrations(in: &migrator)
        Inbox.registerMigrations(in: &migrator)
        migrator.registerMigration("mediation-v1") { db in
            try db.execute(sql: """
                CREATE TABLE mediation_case (
                    mediation_id TEXT PRIMARY KEY,
                    case_id TEXT NOT NULL UNIQUE,
                    category TEXT NOT NULL, level TEXT NOT NULL,
                    street TEXT NOT NULL, community TEXT NOT NULL, grid TEXT NOT NULL,
                    mediator_id TEXT NOT NULL, mediator_name TEXT NOT NULL,
                    description TEXT NOT NULL, reporter TEXT,
                    status TEXT NOT NULL, opened_at REAL NOT NULL
                );
                """)
        }
        database = try StoreDatabase.open(location, durability: .full, migrator: migrator, logger: logger)
        outbox = try Outbox(producer: producer)
        self.city = city
    }

    /// The inbox handler: opens a mediation case for each dispute and publishes `mediation.opened.<area>`.
    func receive(_ db: Database, _ delivered: DeliveredEvent) throws {
        guard delivered.event.type == "whistle.case.reported", case .object(let data)? = delivered.event.data,
              data["dispute"] == .bool(true) else { return }
        guard let caseID = data["case"]?.stringValue, let category = data["category"]?.stringValue,
              let street = data["street"]?.stringValue, let community = data["community"]?.stringValue,
              let grid = data["grid"]?.stringValue, let levelText = data["level"]?.stringValue,
              let level = HandlingLevel(rawValue: levelText) else { throw MediationError.incompleteCase }
        let location = GridLocation(street: street, community: community, grid: grid)
        guard let mediator = city.mediator(for: location, level: level) else { throw MediationError.noMediator(grid) }
        let mediationID = "m-\(caseID)"
        let now = Date()
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO mediation_case (mediation_id, case_id, category, level, street, community, grid,
                    mediator_id, mediator_name, description, reporter, status, opened_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'opened', ?)
                """,
            arguments: [mediationID, caseID, category, level.rawValue, street, community, grid, mediator.id, mediator.name,
                        data["description"]?.stringValue ?? "", data["reporter"]?.stringValue, now.timeIntervalSince1970])
        guard db.changesCount == 1 else { return }
        var payload: [String: JSONValue] = [
            "mediation": .string(mediationID), "case": .string(caseID), "category": .string(category),
            "level": .string(level.rawValue), "street": .string(street), "community": .string(community), "grid": .string(grid),
            "mediator": .object(["id": .string(mediator.id), "name": .string(mediator.name)]), "status": .string("opened"),
        ]
        payload["reporter"] = data["reporter"]
        payload["description"] = data["description"]
        try outbox.append(
            db, topic: try Topic(["mediation", "opened"], area: location.area).name,
            event: CloudEvent(id: "\(mediationID)-opened", source: "/whistle/mediation/\(outbox.producer)",
                              type: "whistle.mediation.opened", time: now, subject: caseID, data: .object(payload)))
    }

    /// The mediation opened for a case, if any: (mediation id, mediator id, status).
    public func mediation(forCase caseID: String) throws -> (id: String, mediator: String, status: String)? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT mediation_id, mediator_id, status FROM mediation_case WHERE case_id = ?",
                             arguments: [caseID]).map { ($0[0], $0[1], $0[2]) }
        }
    }
}

enum MediationError: Error {
    case incompleteCase
    case noMediator(String)
}
