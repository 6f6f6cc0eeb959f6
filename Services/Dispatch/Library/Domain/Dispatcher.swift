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
        decision.enter(rules.city.startLevel(reported: report.level, emergency: category.isEmergency || report.priority == .emergency), by: "dispatch")
        return decision
    }
}
