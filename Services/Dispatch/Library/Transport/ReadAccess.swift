import CityModel
import Contracts
import Credentials
import ServiceKit

/// Who may read which case and which part of the evaluation over HTTP (with security on; without it,
/// everyone reads everything on loopback). Operators and services read everything; a department the cases
/// it holds a task on; a grid worker or an office the cases in its grid, community, street or district; a
/// mediator the disputes it took; an integrator nothing.
struct ReadAccess: Sendable {
    let city: City

    /// Refuses `caller` a case it may not read.
    func check(_ view: CaseView, caller: Certificate?) throws(OperationsServer.Forbidden) {
        guard let caller else { return }
        switch caller.role {
        case .operator, .service:
            return
        case .integrator:
            throw OperationsServer.Forbidden("an integrator's key does not read cases")
        case .department:
            guard view.tasks.contains(where: { $0.department == caller.identity }) else {
                throw OperationsServer.Forbidden("'\(caller.identity)' holds no task on case \(view.caseID)")
            }
        case .staff:
            if let staff = city.staff(caller.identity) {
                guard staff.covers(GridLocation(street: view.street, community: view.community, grid: view.grid)) else {
                    throw OperationsServer.Forbidden("case \(view.caseID) lies in \(view.grid) (\(view.community), \(view.street)), outside \(caller.identity)'s \(staff.level.rawValue) \(staff.area)")
                }
            } else if !view.history.contains(where: { Mediating.actions.contains($0.action) && $0.by == caller.identity }) {
                throw OperationsServer.Forbidden("'\(caller.identity)' did not take case \(view.caseID) at any mediation tier")
            }
        }
    }

    /// Which cases `caller` may count in the evaluation: nil for all of them; refuses a key that reads none.
    func evaluationArea(caller: Certificate?) throws(OperationsServer.Forbidden) -> City.Staff? {
        guard let caller, ![Role.operator, .service].contains(caller.role) else { return nil }
        guard caller.role == .staff, let staff = city.staff(caller.identity) else {
            throw OperationsServer.Forbidden("a \(caller.role.rawValue) key ('\(caller.identity)') does not read the evaluation; grid workers and offices read their own area's")
        }
        return staff
    }

    /// Refuses a part of the city outside the staff member's own area.
    func check(_ asked: City.Region, within own: City.Staff) throws(OperationsServer.Forbidden) {
        guard city.region(asked, liesWithin: own) else {
            throw OperationsServer.Forbidden("\(asked.level.rawValue) \(asked.code) lies outside \(own.person.id)'s \(own.level.rawValue) \(own.area)")
        }
    }
}
