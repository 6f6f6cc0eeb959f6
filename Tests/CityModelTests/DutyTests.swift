import Foundation
import Testing
@testable import CityModel

@Suite("Duty officers: who stands duty for a department, on the city's clock")
struct DutyTests {
    /// The demo city (Beijing time) with 城管's day and night officers.
    func city(_ duty: [City.DutyOfficer]) throws -> City {
        var city = try City.demo()
        let index = try #require(city.departments.firstIndex { $0.code == "cg" })
        city.departments[index].duty = duty
        return city
    }

    /// 2026-12-06 at `hour`:00 in Beijing.
    func local(_ hour: Int) -> Date { Date(timeIntervalSince1970: 1_796_486_400 + TimeInterval(hour * 3_600)) }

    @Test("the officers whose hours cover now hear; when none does, all of them; a department without officers, nobody")
    func onDuty() throws {
        let city = try city([City.DutyOfficer(id: "cg-day", name: "王工", phone: nil, hours: "08:30-17:30"),
                             City.DutyOfficer(id: "cg-night", name: "李工", phone: nil, hours: "17:30-08:30"),
                             City.DutyOfficer(id: "cg-chief", name: "赵科长", phone: nil, hours: nil)])
        #expect(city.dutyOfficers(of: "cg", at: local(10)) == ["cg-day", "cg-chief"])
        #expect(city.dutyOfficers(of: "cg", at: local(23)) == ["cg-night", "cg-chief"])
        #expect(city.dutyOfficers(of: "cg", at: local(8)) == ["cg-night", "cg-chief"], "08:00 is still the night's")
        let nobody = try self.city([City.DutyOfficer(id: "cg-day", name: "王工", phone: nil, hours: "08:30-17:30")])
        #expect(nobody.dutyOfficers(of: "cg", at: local(23)) == ["cg-day"], "nobody on duty: everyone hears")
        #expect(city.dutyOfficers(of: "pcs", at: local(10)).isEmpty && city.dutyOfficers(of: "gw-g01", at: local(10)).isEmpty)
    }

    @Test("an officer's id is staff-like and nobody else's; hours are HH:MM-HH:MM")
    func validation() throws {
        for (duty, says) in [([City.DutyOfficer(id: "CG Day", name: "王工", phone: nil, hours: nil)], "must be 1–64"),
                             ([City.DutyOfficer(id: "gw-g01", name: "王工", phone: nil, hours: nil)], "is taken"),
                             ([City.DutyOfficer(id: "pcs", name: "王工", phone: nil, hours: nil)], "is taken"),
                             ([City.DutyOfficer(id: "cg-day", name: "王工", phone: nil, hours: "8:30-17:30")], "not HH:MM-HH:MM"),
                             ([City.DutyOfficer(id: "cg-day", name: "王工", phone: nil, hours: "08:30-08:30")], "not HH:MM-HH:MM")] {
            #expect { try city(duty).validate() } throws: { "\($0)".contains(says) }
        }
        #expect(throws: Never.self) { try city([City.DutyOfficer(id: "cg-day", name: "王工", phone: "13900000009", hours: "08:30-17:30")]).validate() }
    }
}
