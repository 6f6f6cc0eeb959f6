import CityModel
import Contracts
import Envelope
import Foundation
import Credentials
import GRDB
import Messaging
import ServiceKit
import Timekeeping

/// Mediation's endpoints: a reported dispute opens a mediation case (in the consumer's transaction);
/// mediators conclude their cases by command.
struct MediationEndpoints: Sendable {
    let store: MediationStore
    let desk: MediationDesk
    let clock: any WallClock

    /// Mediator commands: a mediator ends their tier with a case they have.
    var commands: CommandEndpoint<MediatorCommand> {
        CommandEndpoint(issuer: \.mediator, authorize: CommandEndpoint<MediatorCommand>.actingAs(.staff, named: \.mediator)) { [store, desk] db, command, _, now in
            let concluded = try desk.conclude(command, file: try store.file(db, mediation: command.mediation), now: now)
            try store.record(db, concluded, at: now)
            return .ok(command.command, caseID: concluded.file.caseID, mediation: concluded.file.mediation, state: concluded.file.status.rawValue)
        }
    }

    /// Acts on up to `limit` tiers whose time ran out by `now`, in one transaction: each climbs, or at the top
    /// ends failed. Returns how many were due.
    @Sendable func fireTimeLimits(_ now: Date, _ limit: Int) throws -> Int {
        try store.database.write { db in
            let due = try store.overdue(db, at: now, limit: limit)
            for file in due {
                guard let decision = desk.timeLimitPassed(file, now: now) else { continue }
                try store.record(db, decision, at: now)
            }
            return due.count
        }
    }

    /// The `mediation-stats` JSON for the disputes opened from `from` to `to` (local dates such as
    /// 2026-11-01, or RFC 3339 times; by default the 30 days until now) that `caller` may count.
    @Sendable func stats(_ parameters: [String: String], caller: Certificate?) throws -> Data {
        try ReportPeriod.check(parameters, known: ["from", "to"])
        let period = try ReportPeriod(parameters, now: clock.now(), calendar: desk.city.calendar)
        let counts = try MediationReadAccess(city: desk.city).scope(caller)
        let files = try store.files(openedFrom: period.from, to: period.to).filter(counts)
        return try JSONValueEncoder().encode(MediationStatistics.report(files, from: period.from, to: period.to)).jsonData()
    }

    /// A reported dispute opens a mediation case with its mediator, in the consumer's transaction.
    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(CaseReported.self) { db, received in
            let now = clock.now()
            guard try !store.hasCase(db, caseID: received.event.caseID), let opened = try desk.open(received.event, now: now) else { return }
            try store.record(db, opened, at: now)
        }
        return handlers
    }
}
