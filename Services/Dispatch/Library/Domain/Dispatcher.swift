public import CityModel
public import Contracts
public import Foundation

/// What dispatch does with a new case: a dispute goes to mediation; anything else goes to the departments
/// the city's routing names — one task each, the lead (主办) and every assistant (协办), each on its own
/// topic and each due to report for duty within `acknowledgeWithin` seconds.
public struct Dispatcher: Sendable {
    public let city: City
    public let acknowledgeWithin: TimeInterval

    public init(city: City, acknowledgeWithin: TimeInterval) {
        self.city = city
        self.acknowledgeWithin = acknowledgeWithin
    }

    public func receive(_ report: CaseReported, now: Date) -> DispatchDecision {
        var decision = DispatchDecision(CaseFile(report: report, at: now), at: now)
        if report.dispute {
            decision.step(.referredToMediation, Referred(note: "dispute: mediation takes it"), note: "dispute: mediation takes it")
            return decision
        }
        guard let route = city.departments(for: report.category, street: report.street) else {
            decision.step(.unrouted, Unrouted(note: "no routing rule for this category"), note: "no routing rule for this category")
            return decision
        }
        let departments = [route.lead] + route.assist
        for department in departments {
            decision.assign(CaseTask(
                task: "\(report.caseID)-\(department)", department: department, role: department == route.lead ? .lead : .assist,
                state: .dispatched, acknowledgeBy: now.addingTimeInterval(acknowledgeWithin), createdAt: now, updatedAt: now),
                report: report)
        }
        let note = "lead \(route.lead)" + (route.assist.isEmpty ? "" : ", assisting \(route.assist.joined(separator: ", "))")
        decision.step(.dispatched, Dispatched(department: route.lead, departments: departments, note: note),
                      department: route.lead, note: note)
        return decision
    }
}
