import CityModel
import Contracts
import Credentials
import Envelope
import Foundation
import GRDB
import Messaging
import ServiceKit
import Timekeeping

/// Dispatch's endpoints. The events it consumes, each inside the consumer's transaction: a reported case
/// starts on its rung; a mediation's steps become the case's steps (a mediation event about a case whose
/// report has not reached this store yet waits for it: the two come from different producers, so either
/// may arrive first). Commands from departments, staff and reporters on one endpoint. The case view and
/// the evaluation the operations server reads out.
struct DispatchEndpoints: Sendable {
    let store: DispatchStore
    let rules: Governance
    let clock: any WallClock

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(CaseReported.self) { db, received in try receive(db, received.event) }
        handlers.on(MediationOpened.self) { db, received in try follow(db, received.event) }
        handlers.on(MediationEscalated.self) { db, received in try follow(db, received.event) }
        handlers.on(MediationConcluded.self) { db, received in try follow(db, received.event) }
        handlers.on(MediationProgressed.self) { db, received in try follow(db, received.event) }
        handlers.on(DeviceCleared.self) { db, received in
            guard let file = try store.file(db, case: received.event.caseID),
                  let decision = CaseFollowing.deviceCleared(received.event, file: file, rules: rules, now: clock.now()) else { return }
            try store.record(db, decision)
        }
        return handlers
    }

    /// Every command dispatch answers, on one endpoint: staff commands, ratings, departments' commands on their tasks.
    var commands: CommandEndpoint<DispatchCommand> {
        CommandEndpoint(issuer: \.issuer, authorize: DispatchCommand.authorize) { [store, rules] db, command, _, now in
            switch command {
            case .staff(let command):
                let decision = try StaffDesk.apply(command, to: try store.file(db, case: command.caseID), rules: rules, now: now)
                try store.record(db, decision)
                return .ok(command.command, caseID: decision.file.caseID, task: decision.history.last?.task, state: decision.file.status.rawValue)
            case .rating(let command):
                let decision = try RatingDesk.apply(command, to: try store.file(db, case: command.caseID), rules: rules, now: now)
                try store.record(db, decision)
                return .ok(command.command, caseID: decision.file.caseID, state: decision.file.status.rawValue)
            case .department(let command):
                let decision = try TaskLifecycle.apply(command, to: try store.file(db, task: command.task), rules: rules, now: now)
                try store.record(db, decision)
                return .ok(command.command, caseID: decision.file.caseID, task: command.task, state: decision.file.task(command.task)?.state.rawValue ?? "")
            }
        }
    }

    /// A case's `case-view` JSON, or nil; with security on, only for a caller `ReadAccess` lets read it.
    @Sendable func caseView(_ caseID: String, caller: Certificate?) throws -> Data? {
        if let caller, caller.role == .integrator { throw OperationsServer.Forbidden("an integrator's key does not read cases") }
        guard let view = try store.view(of: caseID, rules: rules, at: clock.now()) else { return nil }
        try ReadAccess(city: rules.city).check(view, caller: caller)
        return try JSONValueEncoder().encode(view).jsonData()
    }

    /// The `stats-report` JSON for `from` and `to` (local dates such as 2026-11-01, or RFC 3339 times; by
    /// default the 30 days until now), `by` (department by default) and `area` (a grid, community, street or the
    /// district: only its cases). With security on, operators and services read all of it, grid workers and
    /// offices the cases of their own area (an `area` outside it is refused), nobody else any.
    @Sendable func stats(_ parameters: [String: String], caller: Certificate?) throws -> Data {
        let access = ReadAccess(city: rules.city)
        let own = try access.evaluationArea(caller: caller)
        let query = try StatsQuery(parameters, now: clock.now(), calendar: rules.calendar, city: rules.city)
        if let asked = query.area, let own { try access.check(asked, within: own) }
        let area = query.area ?? own?.region
        let report = try store.stats(from: query.from, to: query.to, by: query.by, rules: rules, at: clock.now()) { location in
            area?.covers(location) ?? true
        }
        return try JSONValueEncoder().encode(report).jsonData()
    }

    func receive(_ db: Database, _ report: CaseReported) throws {
        guard try store.file(db, case: report.caseID) == nil else { return }
        try store.record(db, Dispatcher(rules: rules).receive(report, now: clock.now()))
        for waiting in try store.takeDeferred(db, caseID: report.caseID) {
            let tree = try JSONValue.parse(waiting.data)
            if MediationOpened.eventTypes.contains(waiting.type) {
                try follow(db, try JSONValueDecoder().decode(MediationOpened.self, from: tree))
            } else if MediationEscalated.eventTypes.contains(waiting.type) {
                try follow(db, try JSONValueDecoder().decode(MediationEscalated.self, from: tree))
            } else if MediationConcluded.eventTypes.contains(waiting.type) {
                try follow(db, try JSONValueDecoder().decode(MediationConcluded.self, from: tree))
            } else if MediationProgressed.eventTypes.contains(waiting.type) {
                try follow(db, try JSONValueDecoder().decode(MediationProgressed.self, from: tree))
            }
        }
    }

    func follow(_ db: Database, _ event: MediationOpened) throws {
        try follow(db, event, caseID: event.caseID) { CaseFollowing.opened(event, file: $0, rules: rules, now: $1) }
    }

    func follow(_ db: Database, _ event: MediationEscalated) throws {
        try follow(db, event, caseID: event.caseID) { CaseFollowing.escalated(event, file: $0, rules: rules, now: $1) }
    }

    func follow(_ db: Database, _ event: MediationConcluded) throws {
        try follow(db, event, caseID: event.caseID) { CaseFollowing.concluded(event, file: $0, rules: rules, now: $1) }
    }

    func follow(_ db: Database, _ event: MediationProgressed) throws {
        try follow(db, event, caseID: event.caseID) { CaseFollowing.progressed(event, file: $0, rules: rules, now: $1) }
    }

    func follow(_ db: Database, _ event: some EventContract, caseID: String, _ decide: (CaseFile, Date) -> DispatchDecision?) throws {
        let now = clock.now()
        guard let file = try store.file(db, case: caseID) else {
            return try store.postpone(db, caseID: caseID, type: event.eventType, data: JSONValueEncoder().encode(event).jsonData(), at: now)
        }
        if let decision = decide(file, now) { try store.record(db, decision) }
    }
}

/// The parameters of `GET /stats`, checked.
struct StatsQuery {
    var from, to: Date
    var by: StatsGrouping
    /// Only the cases lying in this part of the city.
    var area: City.Region?

    init(_ parameters: [String: String], now: Date, calendar: WorkCalendar, city: City) throws(OperationsServer.BadQuery) {
        try ReportPeriod.check(parameters, known: ["from", "to", "by", "area"])
        if let code = parameters["area"] {
            guard let region = city.region(code) else {
                throw OperationsServer.BadQuery("'area' must be a grid, community or street of the city, or the district; '\(code.prefix(40))' is none")
            }
            area = region
        }
        let period = try ReportPeriod(parameters, now: now, calendar: calendar)
        (from, to) = (period.from, period.to)
        guard let grouping = StatsGrouping(rawValue: parameters["by"] ?? "department") else {
            throw OperationsServer.BadQuery("'by' must be one of department, grid, community, street")
        }
        by = grouping
    }
}
