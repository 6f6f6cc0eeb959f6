import CityModel
public import Contracts
public import Foundation

/// What dispatch does with a new case: a dispute goes to mediation; anything else starts on its rung of the
/// ladder — the level intake gave it, or the whistle at once for an emergency.
public struct Dispatcher: Sendable {
    public let rules: Governance

    public init(rules: Governance) { self.rules = rules }

    public func receive(_ report: CaseReported, now: Date) -> DispatchDecision {
        var decision = DispatchDecision(CaseFile(report: report, at: now), rules: rules, at: now)
        if report.dispute {
            decision.step(.referredToMediation, Referred(note: "dispute: mediation takes it"), note: "dispute: mediation takes it", by: "dispatch")
            return decision
        }
        guard let category = rules.city.category(report.category) else {
            decision.step(.unrouted, Unrouted(note: "unknown category \(report.category)"), note: "unknown category", by: "dispatch")
            return decision
        }
        if report.resolvedOnSpot == true, report.origin == .gridWorker, rules.city.ladder.contains(.grid) {
            // A patrol report of a problem the grid worker already settled: recorded at grid level, resolved by them.
            decision.enter(.grid, by: "dispatch")
            if let task = decision.file.levelTask {
                decision.settle(task, at: .grid, by: report.reporter ?? "grid-worker", note: "当场解决 (settled on the spot while patrolling)")
            }
            return decision
        }
        decision.enter(rules.city.startLevel(reported: report.level, emergency: category.isEmergency || report.priority == .emergency), by: "dispatch")
        return decision
    }
}
