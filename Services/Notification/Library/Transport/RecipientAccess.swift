import CityModel
import Credentials

/// Who may act for a recipient — set their preferences and channels, read and mark their inbox, read their preferences:
/// operators and services anyone; a staff member or a department themselves, a department also its duty officers; the
/// resident app (an integrator) its residents — anyone who is not staff, a department or a duty officer. One rule for the
/// command endpoint and the HTTP reads.
enum RecipientAccess {
    /// Why `caller` may not act for `recipient` (`doing`: what it tried, in words), nil when it may.
    static func refusal(of caller: Certificate, for recipient: String, doing: String, city: City) -> String? {
        switch caller.role {
        case .operator, .service:
            return nil
        case .staff, .department:
            let officer = caller.role == .department && city.department(ofDutyOfficer: recipient) == caller.identity
            return recipient == caller.identity || officer ? nil
                : "'\(caller.identity)' \(doing) its own only (a department also its duty officers'), not \(recipient.prefix(64))'s"
        case .integrator:
            let official = city.staff(recipient) != nil || city.departments.contains { $0.code == recipient } || city.department(ofDutyOfficer: recipient) != nil
            return official ? "the resident app \(doing) its residents' only, not those of '\(recipient.prefix(64))' (staff, a department or a duty officer)" : nil
        default:
            return "a \(caller.role.rawValue) key does not act for recipients"
        }
    }
}
