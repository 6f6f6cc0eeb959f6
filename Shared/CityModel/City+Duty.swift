public import Foundation
public import Timekeeping

extension City {
    /// The duty officers of a department on duty at `now` (the city's clock) — every one of them when none is, so that
    /// someone hears; none for a department without officers (or a holder that is not a department).
    public func dutyOfficers(of department: String, at now: Date) -> [String] {
        guard let officers = departments.first(where: { $0.code == department })?.duty, !officers.isEmpty else { return [] }
        let onDuty = officers.filter { officer in
            officer.hours.flatMap(DailyWindow.init).map { $0.contains(now, utcOffset: calendar.utcOffset) } ?? true
        }
        return (onDuty.isEmpty ? officers : onDuty).map(\.id)
    }

    /// The department whose duty officer `id` is, nil when nobody's.
    public func department(ofDutyOfficer id: String) -> String? {
        departments.first { $0.duty?.contains { $0.id == id } ?? false }?.code
    }

    /// Duty officers' ids are staff-like (a-z 0-9 - _, 1–64), no department's code nor anyone else's id; their hours
    /// `HH:MM-HH:MM`.
    func validateDuty(besides taken: Set<String>) throws(CityError) {
        var seen = taken
        for department in departments {
            for officer in department.duty ?? [] {
                guard !officer.id.isEmpty, officer.id.utf8.count <= 64,
                      officer.id.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }) else {
                    throw .inconsistent("duty officer id '\(officer.id)' of \(department.code) must be 1–64 of a-z, 0-9, - and _")
                }
                guard seen.insert(officer.id).inserted else { throw .inconsistent("duty officer id '\(officer.id)' of \(department.code) is taken") }
                if let hours = officer.hours, DailyWindow(hours) == nil {
                    throw .inconsistent("duty officer \(officer.id)'s hours '\(hours)' are not HH:MM-HH:MM (two different times on the city's clock)")
                }
            }
        }
    }
}
