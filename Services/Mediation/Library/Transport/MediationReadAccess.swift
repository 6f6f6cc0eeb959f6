import CityModel
import Contracts
import Credentials
import ServiceKit

/// Who may count which disputes in mediation's statistics, and read their agreements, over HTTP (with security on; without it, everyone
/// reads everything on loopback), as dispatch's evaluation is read: operators and services all of them; a
/// grid worker or an office those in its grid, community, street or district; a mediator those it had at
/// any tier; nobody else any.
struct MediationReadAccess: Sendable {
    let city: City

    /// Which disputes `caller` may count; refuses a key that may count none.
    func scope(_ caller: Certificate?, reading what: String = "mediation's statistics") throws(OperationsServer.Forbidden) -> @Sendable (MediationFile) -> Bool {
        guard let caller, ![Role.operator, .service].contains(caller.role) else { return { _ in true } }
        guard caller.role == .staff else {
            throw OperationsServer.Forbidden("a \(caller.role.rawValue) key ('\(caller.identity)') does not read \(what)")
        }
        if let staff = city.staff(caller.identity) { return { staff.covers($0.location) } }
        let identity = caller.identity
        return { file in file.trail.contains { $0.mediator.id == identity } }
    }
}
